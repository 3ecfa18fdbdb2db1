/* doctor_main.c - `relayrig doctor` as a program of its own (build/.../doctor-demo). */
#include "cmds.h"

int main(int argc, char **argv)
{
	return cmd_doctor(argc, argv);
}
