/*
 * port.c - the minimal Cortex-M3 port: vector table, start-up, a SysTick
 * millisecond clock, and the HAL over memory-mapped registers of the
 * reference board (GPIO for relays and inputs, USARTs for the modem and USB
 * bridge, a flash page for settings). It links the core into a complete
 * image so that `make firmware-size` measures what a unit would carry.
 */
#include <stdint.h>
#include <string.h>

#include "fw.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define GPIO_RELAY_ODR 0x4001080Cu /* GPIOA output data: relays on bits 0..6 */
#define GPIO_INPUT_IDR 0x40010C08u /* GPIOB input data: IN1..IN6 bits 0..5 */
#define GPIO_SENSE_IDR 0x40011008u /* GPIOC: bit0 12 V, bit1 AC, bit2 AC sensor fitted, bit3 VBUS */
#define ADC_BATTERY 0x4001244Cu    /* battery percentage, scaled by the ADC driver */
#define USART_MODEM 0x40013800u
#define USART_USB 0x40004400u
#define USART_SR 0x00u
#define USART_DR 0x04u
#define USART_TXE (1u << 7)
#define USART_RXNE (1u << 5)
#define SCB_AIRCR 0xE000ED0Cu
#define SYST_CSR 0xE000E010u
#define SYST_RVR 0xE000E014u
#define NV_BASE 0x0800F800u     /* last 2 KiB page of flash */
#define SERIAL_BASE 0x0800F7E0u /* 24 bytes before it: the serial, NUL-ended, written at the factory */

static struct fw *fw;
static volatile uint64_t ticks;
static int16_t temps[HAL_SENSORS]; /* filled by the 1-Wire driver */
static uint8_t temp_state[HAL_SENSORS];
static uint8_t nv_shadow[HAL_NV_SIZE];

uint64_t hal_now_ms(void) { return ticks; }

void hal_relay_write(uint8_t relay, bool on)
{
	uint32_t v = REG(GPIO_RELAY_ODR);
	REG(GPIO_RELAY_ODR) = on ? v | (1u << relay) : v & ~(1u << relay);
}

bool hal_input_level(uint8_t input) { return (REG(GPIO_INPUT_IDR) >> input) & 1u; }
const char *hal_serial(void)
{
	static char serial[24];
	const volatile uint8_t *p = (const volatile uint8_t *)SERIAL_BASE;
	size_t i;
	/* up to a NUL or erased flash (0xFF: never programmed), 23 at most */
	for (i = 0; i < sizeof(serial) - 1 && p[i] && p[i] != 0xFFu; i++)
		serial[i] = (char)p[i];
	serial[i] = '\0';
	return serial;
}
bool hal_dc_present(void) { return REG(GPIO_SENSE_IDR) & 1u; }
bool hal_ac_present(void) { return (REG(GPIO_SENSE_IDR) >> 1) & 1u; }
bool hal_has_ac_sensor(void) { return (REG(GPIO_SENSE_IDR) >> 2) & 1u; }
bool hal_usb_attached(void) { return (REG(GPIO_SENSE_IDR) >> 3) & 1u; }
uint8_t hal_battery_percent(void) { return (uint8_t)REG(ADC_BATTERY); }

enum hal_temp_status hal_temp_read(uint8_t s, int16_t *decic)
{
	*decic = temps[s];
	return (enum hal_temp_status)temp_state[s];
}

static void uart_write(uint32_t base, const uint8_t *b, size_t n)
{
	while (n--) {
		while (!(REG(base + USART_SR) & USART_TXE))
			;
		REG(base + USART_DR) = *b++;
	}
}

void hal_modem_write(const uint8_t *b, size_t n) { uart_write(USART_MODEM, b, n); }
void hal_usb_write(const uint8_t *b, size_t n) { uart_write(USART_USB, b, n); }

bool hal_nv_read(uint16_t off, void *buf, size_t len)
{
	if ((size_t)off + len > HAL_NV_SIZE)
		return false;
	memcpy(buf, (const void *)(uintptr_t)(NV_BASE + off), len);
	return true;
}

bool hal_nv_write(uint16_t off, const void *buf, size_t len)
{
	/* Page erase and half-word programming go through the flash
	 * controller driver; the shadow keeps the page image. */
	if ((size_t)off + len > HAL_NV_SIZE)
		return false;
	memcpy(nv_shadow + off, buf, len);
	return true;
}

void hal_system_reset(void) { REG(SCB_AIRCR) = 0x05FA0004u; }

void systick_handler(void) { ticks++; }

static void poll_uart(uint32_t base, void (*rx)(struct fw *, const uint8_t *, size_t))
{
	while (REG(base + USART_SR) & USART_RXNE) {
		uint8_t b = (uint8_t)REG(base + USART_DR);
		rx(fw, &b, 1);
	}
}

int main(void)
{
	REG(SYST_RVR) = 72000u - 1u; /* 1 ms at 72 MHz */
	REG(SYST_CSR) = 7u;
	fw = fw_boot();
	for (;;) {
		poll_uart(USART_MODEM, fw_modem_rx);
		poll_uart(USART_USB, fw_usb_rx);
		fw_poll(fw);
		__asm volatile("wfi"); /* SysTick or a UART wakes us */
	}
}

/* --- start-up -------------------------------------------------------------- */

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;

void reset_handler(void)
{
	uint32_t *src = &_sidata, *dst = &_sdata;
	while (dst < &_edata)
		*dst++ = *src++;
	for (dst = &_sbss; dst < &_ebss;)
		*dst++ = 0;
	main();
	for (;;)
		;
}

static void default_handler(void)
{
	for (;;)
		;
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
	(void (*)(void))(uintptr_t)&_estack,
	reset_handler,
	default_handler,
	default_handler,
	default_handler,
	default_handler,
	default_handler,
	0,
	0,
	0,
	0,
	default_handler,
	default_handler,
	0,
	default_handler,
	systick_handler,
};
