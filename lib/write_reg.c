/*
** write_reg.c — the .reg writer, in regedit's own syntax.
**
** Output is what regedit's "Export" writes: the version 5.00 header, one
** [KEY] block per key with parents first, CRLF, dword:%08x, quoted strings,
** and hex: lists wrapped the way regedit wraps them.  Whatever a quoted
** string cannot carry byte for byte goes out as hex(1)/hex(4) so that
** reading the file back gives exactly the same tree.
*/
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WRAP_AT 77 /* regedit ends a hex line once it is this long */

static int flush_buf(reg_writer *w)
{
    if (w->buf.len && fwrite(w->buf.data, 1, w->buf.len, w->out) != w->buf.len)
        return reglint__fail(EIO, "write error");
    w->buf.len = 0;
    return 0;
}

/* End the current line: encode it with CRLF into the output buffer. */
static int end_line(reg_writer *w)
{
    if (bytebuf_append(&w->line, "\r\n", 2) < 0)
        return reglint__fail(ENOMEM, "out of memory");
    int rc = w->enc == REGLINT_ENC_UTF16LE
                 ? utf8_to_utf16le((const char *)w->line.data, w->line.len,
                                   &w->buf)
                 : bytebuf_append(&w->buf, w->line.data, w->line.len);
    w->line.len = 0;
    if (rc < 0)
        return reglint__fail(ENOMEM, "out of memory");
    return w->buf.len >= (1u << 16) ? flush_buf(w) : 0;
}

static int put(reg_writer *w, const char *s, size_t n)
{
    if (bytebuf_append(&w->line, s, n) < 0)
        return reglint__fail(ENOMEM, "out of memory");
    return 0;
}

static int puts_(reg_writer *w, const char *s) { return put(w, s, strlen(s)); }

static bool has_line_break(const char *s, size_t n)
{
    return memchr(s, '\n', n) || memchr(s, '\r', n);
}

/* Append s with \ and " escaped. */
static int put_escaped(reg_writer *w, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' || s[i] == '"') {
            if (put(w, s + start, i - start) < 0 || put(w, "\\", 1) < 0)
                return -1;
            start = i;
        }
    }
    return put(w, s + start, n - start);
}

/* Can this REG_SZ data be written as a quoted string and read back as the
** same bytes?  If so, leave its UTF-8 text in w->tmp. */
static bool sz_as_string(reg_writer *w, const uint8_t *p, size_t len)
{
    if (len < 2 || (len & 1) || p[len - 1] || p[len - 2])
        return false;
    for (size_t i = 0; i + 2 < len; i += 2)
        if (!p[i] && !p[i + 1])
            return false;
    w->tmp.len = 0;
    bool bad = false;
    if (utf16le_to_utf8(p, len - 2, &w->tmp, &bad) < 0 || bad)
        return false;
    return !has_line_break((const char *)w->tmp.data, w->tmp.len);
}

static int write_hex(reg_writer *w, uint32_t type, const uint8_t *p, size_t len,
                     size_t line_len)
{
    char head[24];
    if (type == REGLINT_REG_BINARY)
        snprintf(head, sizeof head, "hex:");
    else
        snprintf(head, sizeof head, "hex(%x):", (unsigned)type);
    if (puts_(w, head) < 0)
        return -1;
    line_len += strlen(head);
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        char b[3] = {digits[p[i] >> 4], digits[p[i] & 15], ','};
        if (put(w, b, i + 1 < len ? 3 : 2) < 0)
            return -1;
        if (i + 1 == len)
            break;
        line_len += 3;
        if (line_len >= WRAP_AT) {
            if (puts_(w, "\\") < 0 || end_line(w) < 0 || puts_(w, "  ") < 0)
                return -1;
            line_len = 2;
        }
    }
    return 0;
}

static int put_name(reg_writer *w, const char *name)
{
    size_t nlen = strlen(name);
    if (has_line_break(name, nlen))
        return reglint__fail(EINVAL, "value name '%s' holds a line break, "
                                     "which a .reg file cannot carry", name);
    if (nlen == 0)
        return puts_(w, "@=");
    if (puts_(w, "\"") < 0 || put_escaped(w, name, nlen) < 0)
        return -1;
    return puts_(w, "\"=");
}

int reg_writer_value(reg_writer *w, const char *name, uint32_t type,
                     const uint8_t *p, size_t len)
{
    size_t mark = w->line.len;
    if (put_name(w, name) < 0)
        return -1;
    size_t line_len =
        utf8_utf16_units((const char *)w->line.data + mark, w->line.len - mark);
    if (type == REGLINT_REG_SZ && sz_as_string(w, p, len)) {
        if (puts_(w, "\"") < 0 ||
            put_escaped(w, (const char *)w->tmp.data, w->tmp.len) < 0 ||
            puts_(w, "\"") < 0)
            return -1;
    } else if (type == REGLINT_REG_DWORD && len == 4) {
        char b[24];
        snprintf(b, sizeof b, "dword:%08x",
                 (unsigned)((uint32_t)p[0] | (uint32_t)p[1] << 8 |
                            (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24));
        if (puts_(w, b) < 0)
            return -1;
    } else if (write_hex(w, type, p, len, line_len) < 0) {
        return -1;
    }
    return end_line(w);
}

int reg_writer_delete_value(reg_writer *w, const char *name)
{
    if (put_name(w, name) < 0 || puts_(w, "-") < 0)
        return -1;
    return end_line(w);
}

int reg_writer_comment(reg_writer *w, const char *text)
{
    if (puts_(w, "; ") < 0)
        return -1;
    /* One line whatever the text holds: a line break would end the
    ** comment and start a line regedit reads. */
    for (const char *c = text; *c; c++)
        if (put(w, *c == '\r' || *c == '\n' ? " " : c, 1) < 0)
            return -1;
    return end_line(w);
}

int reg_writer_blank(reg_writer *w) { return end_line(w); }

int reg_writer_key(reg_writer *w, const char *path, size_t pathlen, bool del)
{
    if (has_line_break(path, pathlen))
        return reglint__fail(EINVAL, "key '%s' has a line break in its name, "
                                     "which a .reg file cannot carry", path);
    if (puts_(w, del ? "[-" : "[") < 0 || put(w, path, pathlen) < 0 ||
        puts_(w, "]") < 0)
        return -1;
    return end_line(w);
}

int reg_writer_begin(reg_writer *w, reglint_encoding enc, FILE *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->enc = enc;
    if (enc != REGLINT_ENC_UTF16LE && enc != REGLINT_ENC_UTF8)
        return reglint__fail(EINVAL, "the writer writes UTF-16LE or UTF-8");
    if (enc == REGLINT_ENC_UTF16LE && bytebuf_append(&w->buf, "\xff\xfe", 2) < 0)
        return reglint__fail(ENOMEM, "out of memory");
    if (puts_(w, "Windows Registry Editor Version 5.00") < 0 ||
        end_line(w) < 0)
        return -1;
    return end_line(w);
}

int reg_writer_end(reg_writer *w)
{
    int rc = flush_buf(w);
    if (rc == 0 && fflush(w->out) != 0)
        rc = reglint__fail(EIO, "write error: %s", strerror(errno));
    reg_writer_free(w);
    return rc;
}

void reg_writer_free(reg_writer *w)
{
    bytebuf_free(&w->line);
    bytebuf_free(&w->buf);
    bytebuf_free(&w->tmp);
}

static int write_value(reg_writer *w, const reglint_value *v)
{
    size_t len;
    const uint8_t *p = reglint_value_data(v, &len);
    return reg_writer_value(w, reglint_value_name(v), reglint_value_type(v),
                            p, len);
}

static int write_key(const reglint_key *key, const char *path, size_t pathlen,
                     void *ctx)
{
    reg_writer *w = ctx;
    if (reg_writer_key(w, path, pathlen, false) < 0)
        return -1;
    size_t n = reglint_key_value_count(key);
    for (size_t i = 0; i < n; i++)
        if (write_value(w, reglint_key_value_at(key, i)) < 0)
            return -1;
    return end_line(w);
}

int reglint_reg_write(const reglint_registry *reg, const reglint_key *from,
                      reglint_encoding enc, FILE *out)
{
    reg_writer w;
    if (reg_writer_begin(&w, enc, out) < 0 ||
        registry_walk(reg, from, write_key, &w) < 0) {
        reg_writer_free(&w);
        return -1;
    }
    return reg_writer_end(&w);
}

typedef struct write_args {
    const reglint_registry *reg;
    const reglint_key *from;
    reglint_encoding enc;
} write_args;

static int write_to(void *ctx, FILE *out)
{
    const write_args *a = ctx;
    return reglint_reg_write(a->reg, a->from, a->enc, out);
}

int reglint_reg_write_file(const reglint_registry *reg,
                           const reglint_key *from, reglint_encoding enc,
                           const char *path)
{
    write_args a = {reg, from, enc};
    return atomic_file_write(path, write_to, &a);
}
