/*
** registry_value.c — value types and the typed accessors.
**
** Raw bytes are the truth and are always kept; these functions only read
** them the way Windows' APIs would: DWORDs unsigned, strings as UTF-16LE up
** to the first NUL, REG_MULTI_SZ as a list ended by an empty string.
*/
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {
    "REG_NONE",
    "REG_SZ",
    "REG_EXPAND_SZ",
    "REG_BINARY",
    "REG_DWORD",
    "REG_DWORD_BIG_ENDIAN",
    "REG_LINK",
    "REG_MULTI_SZ",
    "REG_RESOURCE_LIST",
    "REG_FULL_RESOURCE_DESCRIPTOR",
    "REG_RESOURCE_REQUIREMENTS_LIST",
    "REG_QWORD",
};

const char *reglint_type_name(uint32_t type, char buf[REGLINT_TYPE_NAME_MAX])
{
    if (type < sizeof type_names / sizeof type_names[0])
        return type_names[type];
    snprintf(buf, REGLINT_TYPE_NAME_MAX, "0x%x", (unsigned)type);
    return buf;
}

int reglint_value_get_dword(const reglint_value *v, uint32_t *out)
{
    size_t len;
    const uint8_t *p = reglint_value_data(v, &len);
    uint32_t type = reglint_value_type(v);
    if (len != 4 ||
        (type != REGLINT_REG_DWORD && type != REGLINT_REG_DWORD_BIG_ENDIAN))
        return reglint__fail(EINVAL, "value '%s' is not a 4-byte DWORD",
                             reglint_value_name(v));
    if (type == REGLINT_REG_DWORD)
        *out = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
               (uint32_t)p[3] << 24;
    else
        *out = (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 |
               (uint32_t)p[0] << 24;
    return 0;
}

int reglint_value_get_qword(const reglint_value *v, uint64_t *out)
{
    size_t len;
    const uint8_t *p = reglint_value_data(v, &len);
    if (len != 8 || reglint_value_type(v) != REGLINT_REG_QWORD)
        return reglint__fail(EINVAL, "value '%s' is not an 8-byte QWORD",
                             reglint_value_name(v));
    uint64_t x = 0;
    for (int i = 7; i >= 0; i--)
        x = x << 8 | p[i];
    *out = x;
    return 0;
}

/* Length in bytes of the UTF-16LE string at p before its first NUL. */
static size_t utf16_strlen(const uint8_t *p, size_t len)
{
    size_t i = 0;
    while (i + 1 < len && (p[i] || p[i + 1]))
        i += 2;
    return i;
}

static bool is_string_type(uint32_t t)
{
    return t == REGLINT_REG_SZ || t == REGLINT_REG_EXPAND_SZ ||
           t == REGLINT_REG_LINK;
}

char *reglint_value_get_string(const reglint_value *v)
{
    if (!is_string_type(reglint_value_type(v)))
        return reglint__fail_null(EINVAL, "value '%s' is not a string",
                                  reglint_value_name(v));
    size_t len;
    const uint8_t *p = reglint_value_data(v, &len);
    bytebuf b = {0};
    if (utf16le_to_utf8(p, utf16_strlen(p, len), &b, NULL) < 0 ||
        bytebuf_putc(&b, 0) < 0) {
        bytebuf_free(&b);
        return reglint__fail_null(ENOMEM, "out of memory");
    }
    return (char *)b.data;
}

char **reglint_value_get_multi_sz(const reglint_value *v, size_t *count)
{
    if (reglint_value_type(v) != REGLINT_REG_MULTI_SZ)
        return reglint__fail_null(EINVAL, "value '%s' is not a REG_MULTI_SZ",
                                  reglint_value_name(v));
    size_t len;
    const uint8_t *p = reglint_value_data(v, &len);
    len &= ~(size_t)1;
    /* Find where the list ends: at "\0\0" (an empty part after at least
    ** the start) or at the end of the data. */
    size_t n = 0, cap = 4;
    char **strv = malloc(cap * sizeof *strv);
    if (!strv)
        return reglint__fail_null(ENOMEM, "out of memory");
    size_t i = 0;
    while (i < len) {
        size_t part = utf16_strlen(p + i, len - i);
        bool last = i + part >= len;            /* no terminator at all  */
        bool ends = part == 0;                  /* empty part: list ends */
        if (ends) {
            /* An empty part ends the list only if nothing non-empty
            ** follows; otherwise it is an empty string inside it. */
            size_t j = i + 2;
            while (j + 1 < len && !p[j] && !p[j + 1])
                j += 2;
            if (j + 1 >= len)
                break;
        }
        if (n + 2 > cap) {
            cap *= 2;
            char **q = realloc(strv, cap * sizeof *q);
            if (!q)
                goto oom;
            strv = q;
        }
        bytebuf b = {0};
        if (utf16le_to_utf8(p + i, part, &b, NULL) < 0 ||
            bytebuf_putc(&b, 0) < 0) {
            bytebuf_free(&b);
            goto oom;
        }
        strv[n++] = (char *)b.data;
        if (last)
            break;
        i += part + 2;
    }
    strv[n] = NULL;
    if (count)
        *count = n;
    return strv;
oom:
    strv[n] = NULL;
    reglint_strv_free(strv);
    return reglint__fail_null(ENOMEM, "out of memory");
}

void reglint_strv_free(char **strv)
{
    if (!strv)
        return;
    for (char **p = strv; *p; p++)
        free(*p);
    free(strv);
}
