/* test_escape.c - the escaping routines (XML, JSON, TAP, CSV, terminal,
 * transcript) on arbitrary bytes. */
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
	assert_string_equal(xml(&b, "21.5\xC2\xB0"
				    "C"),
			    "21.5\xC2\xB0"
			    "C");
	assert_string_equal(xml(&b, "\xE2\x82\xAC"), "\xE2\x82\xAC");
	assert_string_equal(xml(&b, "a\xFF"
				    "b"),
			    "a\xEF\xBF\xBD"
			    "b");
	assert_string_equal(xml(&b, "\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                 /* overlong */
	assert_string_equal(xml(&b, "\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");                 /* truncated */
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

TEST(xml_cdata_end_and_markup)
{
	struct sbuf b;
	sb_init(&b);
	/* "]]>" cannot end a section the report did not open, nor any other */
	assert_string_equal(xml(&b, "a]]>b"), "a]]&gt;b");
	assert_string_equal(xml(&b, "<![CDATA[x]]>"), "&lt;![CDATA[x]]&gt;");
	assert_string_equal(xml(&b, "\x7f\xEF\xBF\xBE"), "\x7f\xEF\xBF\xBD"); /* U+FFFE not XML */
	sb_free(&b);
}

static const char *with(struct sbuf *b, void (*fn)(struct sbuf *, const char *), const char *s)
{
	sb_clear(b);
	fn(b, s);
	return b->s;
}

TEST(csv_fields)
{
	struct sbuf b;
	sb_init(&b);
	assert_string_equal(with(&b, esc_csv, "plain"), "plain");
	assert_string_equal(with(&b, esc_csv, ""), "");
	assert_string_equal(with(&b, esc_csv, NULL), "");
	assert_string_equal(with(&b, esc_csv, "a,b"), "\"a,b\"");
	assert_string_equal(with(&b, esc_csv, "say \"hi\""), "\"say \"\"hi\"\"\"");
	assert_string_equal(with(&b, esc_csv, "l1\r\nl2"), "\"l1\r\nl2\"");
	/* control characters other than line breaks need no quotes */
	assert_string_equal(with(&b, esc_csv, "OK\x1a\t"), "OK\x1a\t");
	/* invalid UTF-8 replaced, quoted or not; valid kept */
	assert_string_equal(with(&b, esc_csv, "21.5\xC2\xB0"
					      "C\xFF"),
			    "21.5\xC2\xB0"
			    "C\xEF\xBF\xBD");
	assert_string_equal(with(&b, esc_csv, "\"\xC0,"), "\"\"\"\xEF\xBF\xBD,\"");
	assert_string_equal(with(&b, esc_csv, "]]>"), "]]>");
	sb_free(&b);
}

TEST(tap_text)
{
	struct sbuf b;
	sb_init(&b);
	assert_string_equal(with(&b, esc_tap, "relay #S51 on"), "relay \\#S51 on");
	assert_string_equal(with(&b, esc_tap, "a\\b"), "a\\\\b");
	assert_string_equal(with(&b, esc_tap, "two\nlines\r"), "two lines ");
	assert_string_equal(with(&b, esc_tap, "ctl\x1a\x01\t\x7f"), "ctl    ");
	assert_string_equal(with(&b, esc_tap, "bad\xFF\xE2\x82 ok \xE2\x82\xAC"),
			    "bad\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD ok \xE2\x82\xAC");
	assert_string_equal(with(&b, esc_tap, "]]>"), "]]>");
	assert_string_equal(with(&b, esc_tap, NULL), "");
	sb_free(&b);
}

TEST(term_text)
{
	struct sbuf b;
	sb_init(&b);
	assert_string_equal(with(&b, esc_term, "ON1\nOK\x1a"), "ON1\\nOK<1A>");
	assert_string_equal(with(&b, esc_term, "\r\x7f\x01"), "<0D><7F><01>");
	assert_string_equal(with(&b, esc_term, "21.5\xC2\xB0"
					       "C ]]>"),
			    "21.5\xC2\xB0"
			    "C ]]>");
	sb_free(&b);
}

TEST(transcript_bytes)
{
	char out[16];
	assert_int_equal(esc_bytes(out, sizeof(out), "AT\r\n", 4), 10);
	assert_string_equal(out, "AT<0D><0A>");
	assert_int_equal(esc_bytes(out, sizeof(out), "\x00\xFF]]>", 5), 11);
	assert_string_equal(out, "<00><FF>]]>");
	/* whole characters only, always terminated */
	assert_int_equal(esc_bytes(out, 6, "A\x1a\x1a", 3), 5);
	assert_string_equal(out, "A<1A>");
	assert_int_equal(esc_bytes(out, 5, "A\x1a", 2), 1);
	assert_string_equal(out, "A");
	assert_int_equal(esc_bytes(out, 1, "A", 1), 0);
	assert_string_equal(out, "");
	assert_int_equal(esc_bytes(out, 0, "A", 1), 0);
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
