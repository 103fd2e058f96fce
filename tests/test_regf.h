/*
** test_regf.h — what the hive tests share: reading and writing whole files,
** little-endian fields, and the base block's checksum computed here, apart
** from the library's, so that a wrong checksum in the library is caught.
** For Check suites (failures are ck_assert failures).
*/
#ifndef TEST_REGF_H
#define TEST_REGF_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* The XOR of the base block's first 127 dwords. */
static inline uint32_t xor_checksum(const uint8_t *b)
{
    uint32_t s = 0;
    for (int i = 0; i < 127; i++)
        s ^= le32(b + 4 * i);
    return s;
}

/* Store the right checksum after patching a base block. */
static inline void fix_checksum(uint8_t *b)
{
    put_le32(b + 0x1fc, xor_checksum(b));
}

/* The whole file, malloc'd; *len gets its size. */
static inline uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 16384;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

static inline void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot create %s", path);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

#endif
