/*
 * hal.h - the hardware abstraction layer the firmware core is written against.
 *
 * The core includes this header and nothing platform-specific. Each port
 * (firmware/host for the simulator, firmware/ports/cortex-m3 for the MCU,
 * tests/unit/fw/harness.c for the core's unit tests, tests/fuzz/fuzz_hal.c
 * for its fuzz targets) implements every function here; the AT client's
 * tests (tests/unit/atc/fake_hal.c) only the two the client calls.
 *
 * Bytes arriving on the modem UART and the USB CDC port are pushed into the
 * core by the port with fw_modem_rx() / fw_usb_rx() (see fw.h); the HAL only
 * carries the outgoing direction.
 */
#ifndef HAL_H
#define HAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HAL_RELAYS 7
#define HAL_INPUTS 6
#define HAL_SENSORS 5
#define HAL_NV_SIZE 2048u

/* Monotonic milliseconds since power-up. Never goes backwards. */
uint64_t hal_now_ms(void);

/* Relay coils, relay 0..6. true powers the coil (N/O closed, N/C open). */
void hal_relay_write(uint8_t relay, bool on);

/* Alarm input 0..5: true when voltage (11-24 V DC) is present on the input. */
bool hal_input_level(uint8_t input);

/* The unit's serial number, programmed at the factory with the firmware
 * (printable ASCII, at most 23 characters; "" when none was programmed). */
const char *hal_serial(void);

/* Main 12 V DC supply present. */
bool hal_dc_present(void);
/* Model has the AC voltage sensor fitted. */
bool hal_has_ac_sensor(void);
/* AC present as seen by the voltage sensor (false when no sensor is fitted). */
bool hal_ac_present(void);
/* Backup battery charge, 0..100 %. */
uint8_t hal_battery_percent(void);

enum hal_temp_status {
	HAL_TEMP_ABSENT = 0, /* no sensor installed on this channel */
	HAL_TEMP_OK = 1,     /* *decic holds the reading in 0.1 degC */
	HAL_TEMP_FAILED = 2, /* installed, but the reading failed */
};
/* Temperature sensor 0..4. */
enum hal_temp_status hal_temp_read(uint8_t sensor, int16_t *decic);

/* Modem UART, firmware -> module. Must accept the whole buffer. */
void hal_modem_write(const uint8_t *buf, size_t len);

/* USB CDC port, firmware -> PC, and the cable's attach state (VBUS). */
void hal_usb_write(const uint8_t *buf, size_t len);
bool hal_usb_attached(void);

/* Emulated EEPROM / flash page of HAL_NV_SIZE bytes. Return false on failure. */
bool hal_nv_read(uint16_t off, void *buf, size_t len);
bool hal_nv_write(uint16_t off, const void *buf, size_t len);

/* Reset the MCU after the current fw_poll() returns (settings are kept). */
void hal_system_reset(void);

#endif
