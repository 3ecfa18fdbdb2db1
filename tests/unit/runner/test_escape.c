/* test_escape.c - XML and JSON escaping of arbitrary bytes. */
#include <stdlib.h>

#include "escape.h"
#include "test.h"

static const char *xml(struct sbuf *b, const char *s)
{
	sb_clear(b);
	esc_xml(b, s);
	return b->s;
}

static const char *json(struct sbuf *b, const char *s)
{
	sb_clear(b);
	esc_json(b, s);
	return b->s;
}

TEST(xml_specials)
{
	struct sbuf b;
	sb_init(&b);
	assert_string_equal(xml(&b, "a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
	assert_string_equal(xml(&b, "line1\nline2\ttab\r"), "line1&#10;line2&#9;tab&#13;");
	assert_string_equal(xml(&b, ""), "");
	sb_free(&b);
}

TEST(xml_control_chars_replaced)
{
	struct sbuf b;
	sb_init(&b);
	/* Ctrl-Z ends every AT+CMGS text: not allowed in XML 1.0 */
	assert_string_equal(xml(&b, "OK\x1a"), "OK\xEF\xBF\xBD");
	assert_string_equal(xml(&b, "\x01\x0b\x0c"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	sb_free(&b);
}

TEST(xml_utf8_kept_invalid_replaced)
{
	struct sbuf b;
	sb_init(&b);
	assert_string_equal(xml(&b, "21.5\xC2\xB0" "C"), "21.5\xC2\xB0" "C");
	assert_string_equal(xml(&b, "\xE2\x82\xAC"), "\xE2\x82\xAC");
	assert_string_equal(xml(&b, "a\xFF" "b"), "a\xEF\xBF\xBD" "b");
	assert_string_equal(xml(&b, "\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD"); /* overlong */
	assert_string_equal(xml(&b, "\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD"); /* truncated */
	assert_string_equal(xml(&b, "\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* surrogate */
	sb_free(&b);
}

TEST(json_specials)
{
	struct sbuf b;
	sb_init(&b);
	assert_string_equal(json(&b, "say \"hi\"\\"), "say \\\"hi\\\"\\\\");
	assert_string_equal(json(&b, "a\nb\rc\td\b\f"), "a\\nb\\rc\\td\\b\\f");
	assert_string_equal(json(&b, "\x1a\x01\x7f"), "\\u001a\\u0001\\u007f");
	assert_string_equal(json(&b, "\xE2\x80\xA8"), "\\u2028");
	assert_string_equal(json(&b, "x\xFFy"), "x\\ufffdy");
	assert_string_equal(json(&b, "</script>"), "</script>");
	sb_free(&b);
}

TEST(json_str_null)
{
	struct sbuf b;
	sb_init(&b);
	esc_json_str(&b, NULL);
	sb_putc(&b, ',');
	esc_json_str(&b, "x");
	assert_string_equal(b.s, "null,\"x\"");
	sb_free(&b);
}

TEST(utf8_decode_values)
{
	size_t adv;
	assert_int_equal(utf8_decode((const unsigned char *)"A", 1, &adv), 'A');
	assert_int_equal(adv, 1);
	assert_int_equal(utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &adv), 0x1F600);
	assert_int_equal(adv, 4);
	assert_int_equal(utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &adv), -1);
	assert_int_equal(adv, 1);
}

TEST(sbuf_printf_and_steal)
{
	struct sbuf b;
	char *s;
	sb_init(&b);
	for (int i = 0; i < 1000; i++)
		sb_printf(&b, "%d,", i);
	assert_true(sb_ok(&b));
	assert_int_equal(strncmp(b.s, "0,1,2,", 6), 0);
	s = sb_steal(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.s, "");
	free(s);
	s = sb_steal(&b);
	assert_string_equal(s, "");
	free(s);
}
