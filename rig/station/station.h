/* station.h - `relayrig station`: the end-of-line station. */
#ifndef RR_STATION_H
#define RR_STATION_H

/* argv[0] is "station". Returns the exit status. */
int station_main(int argc, char **argv);

#endif
