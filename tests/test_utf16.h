/*
** test_utf16.h — an independent UTF-8 -> UTF-16 encoder for the tests.
**
** Tests build UTF-16 input and expected bytes with this, never with the
** library's own converter, so a bug there cannot hide behind itself.
*/
#ifndef TEST_UTF16_H
#define TEST_UTF16_H

#include <stddef.h>
#include <stdint.h>

/* Encode UTF-8 s[0..n) (assumed valid) as UTF-16, little- or big-endian,
** into out, which must hold 2 * n bytes.  Returns the bytes written. */
static inline size_t test_utf16_encode(const char *s, size_t n, int be,
                                       uint8_t *out)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    size_t o = 0;
    while (p < end) {
        uint32_t cp;
        if (*p < 0x80) {
            cp = *p++;
        } else if ((*p & 0xe0) == 0xc0) {
            cp = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
            p += 2;
        } else if ((*p & 0xf0) == 0xe0) {
            cp = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 |
                 (p[2] & 0x3f);
            p += 3;
        } else {
            cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 |
                 (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
            p += 4;
        }
        uint16_t u[2];
        int k = 1;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            u[0] = (uint16_t)(0xd800 + (cp >> 10));
            u[1] = (uint16_t)(0xdc00 + (cp & 0x3ff));
            k = 2;
        } else {
            u[0] = (uint16_t)cp;
        }
        for (int i = 0; i < k; i++) {
            out[o++] = be ? (uint8_t)(u[i] >> 8) : (uint8_t)(u[i] & 0xff);
            out[o++] = be ? (uint8_t)(u[i] & 0xff) : (uint8_t)(u[i] >> 8);
        }
    }
    return o;
}

#endif
