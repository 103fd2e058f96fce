/*
** source_text.c — text sources: detect the encoding of a .reg file and
** hand out its lines as UTF-8.
**
** Input is read in fixed-size chunks and decoded as it goes, so memory
** stays bounded by the longest line, never by the file.  Files are opened
** read-only, with O_NOATIME where the kernel allows it: evidence is not
** touched.  Encodings: UTF-16LE (with or without BOM), UTF-16BE with BOM,
** UTF-8 (with or without BOM; stray bytes read as Windows-1252), and
** Windows-1252 for REGEDIT4 files.
*/
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (1u << 20)
#define DETECT_BYTES 4096u /* enough for a BOM, "REGEDIT4" and a NUL scan */

struct text_source {
    int fd;                /* -1 when reading from memory            */
    const uint8_t *mem;    /* the whole input, in memory mode        */
    size_t memlen, mempos;
    uint8_t *raw;          /* file mode: the chunk buffer            */
    uint8_t carry[4];      /* undecoded tail of the previous chunk   */
    size_t ncarry;
    size_t npend;          /* file mode: detection bytes in raw      */
    bool eof;
    reglint_encoding enc;
    bytebuf dec;           /* decoded UTF-8 not yet handed out       */
    size_t decpos;
    uint64_t dec_base;     /* absolute decoded offset of dec.data[0] */
    uint64_t lineno;
    bool skipping;         /* discarding the rest of an overlong line */
    /* First decoding problem: absolute decoded offset, and where it is. */
    const char *problem_code;
    uint64_t problem_off;
    uint64_t problem_line, problem_col;
    bool problem_placed;
};

static void note_problem(text_source *ts, const char *code)
{
    if (ts->problem_code)
        return;
    ts->problem_code = code;
    ts->problem_off = ts->dec_base + ts->dec.len;
}

/* ---- decoding one chunk ---- */

static int decode_utf16le(text_source *ts, const uint8_t *p, size_t n,
                          bool final)
{
    size_t i = 0;
    n &= ~(size_t)1;
    if (bytebuf_reserve(&ts->dec, n / 2 + 16) < 0)
        return -1;
    while (i < n) {
        if (bytebuf_reserve(&ts->dec, (n - i) / 2 + 16) < 0)
            return -1;
        /* ASCII fast path. */
        uint8_t *out = ts->dec.data + ts->dec.len;
        size_t j = i;
        while (j < n && p[j + 1] == 0 && p[j] < 0x80)
            *out++ = p[j], j += 2;
        ts->dec.len = (size_t)(out - ts->dec.data);
        i = j;
        if (i == n)
            break;
        /* A run of other characters goes through iconv. */
        while (j < n && !(p[j + 1] == 0 && p[j] < 0x80))
            j += 2;
        /* Keep a high surrogate that ends the chunk for the next one. */
        if (j == n && !final) {
            uint16_t u = (uint16_t)(p[j - 2] | p[j - 1] << 8);
            if (u >= 0xd800 && u <= 0xdbff)
                j -= 2;
        }
        bool bad = false;
        if (j > i && utf16le_to_utf8(p + i, j - i, &ts->dec, &bad) < 0)
            return -1;
        if (bad)
            note_problem(ts, "invalid-utf16");
        if (j == i)
            break; /* only the carried surrogate is left */
        i = j;
        if (bytebuf_reserve(&ts->dec, (n - i) / 2 + 16) < 0)
            return -1;
    }
    /* Carry what was not decoded (an odd byte, a split surrogate). */
    return (int)(i < n ? i : n);
}

static int decode_8bit(text_source *ts, const uint8_t *p, size_t n, bool final)
{
    bool cp1252 = ts->enc == REGLINT_ENC_CP1252;
    size_t i = 0;
    while (i < n) {
        /* Conversions below may have used the room: reserve it again. */
        if (bytebuf_reserve(&ts->dec, n - i + 16) < 0)
            return -1;
        uint8_t *out = ts->dec.data + ts->dec.len;
        size_t j = i;
        while (j < n && p[j] < 0x80)
            *out++ = p[j++];
        ts->dec.len = (size_t)(out - ts->dec.data);
        i = j;
        if (i == n)
            break;
        if (cp1252) {
            while (j < n && p[j] >= 0x80)
                j++;
            if (cp1252_to_utf8(p + i, j - i, &ts->dec) < 0)
                return -1;
            i = j;
            continue;
        }
        uint32_t cp;
        size_t l = utf8_decode((const char *)p + i, n - i, &cp);
        if (l) {
            if (bytebuf_append(&ts->dec, p + i, l) < 0)
                return -1;
            i += l;
            continue;
        }
        /* Possibly a character split across chunks. */
        if (!final && n - i < 4) {
            size_t need = (p[i] & 0xe0) == 0xc0   ? 2
                          : (p[i] & 0xf0) == 0xe0 ? 3
                          : (p[i] & 0xf8) == 0xf0 ? 4
                                                  : 0;
            if (need > n - i)
                break;
        }
        note_problem(ts, "invalid-utf8");
        if (cp1252_to_utf8(p + i, 1, &ts->dec) < 0)
            return -1;
        i++;
    }
    return (int)i;
}

/* Decode p[0..n); returns how many bytes were consumed (the rest is
** carried to the next chunk), or -1. */
static long decode_chunk(text_source *ts, const uint8_t *p, size_t n,
                         bool final)
{
    switch (ts->enc) {
    case REGLINT_ENC_UTF16LE:
    case REGLINT_ENC_UTF16LE_NOBOM:
        return decode_utf16le(ts, p, n, final);
    case REGLINT_ENC_UTF16BE: {
        uint8_t *sw = malloc(n ? n : 1);
        if (!sw)
            return -1;
        for (size_t i = 0; i + 1 < n; i += 2)
            sw[i] = p[i + 1], sw[i + 1] = p[i];
        if (n & 1)
            sw[n - 1] = p[n - 1];
        int r = decode_utf16le(ts, sw, n, final);
        free(sw);
        return r;
    }
    default:
        return decode_8bit(ts, p, n, final);
    }
}

/* Get the next raw chunk (with the carried bytes in front) and decode it.
** Returns 1 if something was read, 0 at end of input, -1 on error. */
static int decode_more(text_source *ts)
{
    if (ts->eof)
        return 0;
    const uint8_t *p;
    size_t n;
    uint8_t *tmp = NULL;
    if (ts->fd >= 0) {
        size_t got;
        if (ts->npend) {
            got = ts->npend; /* the detection bytes, already in raw */
            ts->npend = 0;
        } else {
            memcpy(ts->raw, ts->carry, ts->ncarry);
            got = ts->ncarry;
        }
        while (got < CHUNK) {
            ssize_t r = read(ts->fd, ts->raw + got, CHUNK - got);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                return reglint__fail(errno, "read error: %s", strerror(errno));
            if (r == 0) {
                ts->eof = true;
                break;
            }
            got += (size_t)r;
            if (got >= CHUNK)
                break;
        }
        p = ts->raw;
        n = got;
    } else {
        size_t take = ts->memlen - ts->mempos;
        if (take > CHUNK)
            take = CHUNK;
        if (ts->ncarry) {
            /* Rare (a character split at 1 MiB): prepend the carried bytes. */
            tmp = malloc(ts->ncarry + take + 1);
            if (!tmp)
                return reglint__fail(ENOMEM, "out of memory");
            memcpy(tmp, ts->carry, ts->ncarry);
            memcpy(tmp + ts->ncarry, ts->mem + ts->mempos, take);
        }
        ts->mempos += take;
        if (ts->mempos == ts->memlen)
            ts->eof = true;
        p = tmp ? tmp : ts->mem + ts->mempos - take;
        n = ts->ncarry + take;
    }
    long used = decode_chunk(ts, p, n, ts->eof);
    if (used >= 0) {
        ts->ncarry = n - (size_t)used;
        memcpy(ts->carry, p + used, ts->ncarry);
    }
    free(tmp);
    if (used < 0)
        return reglint__fail(ENOMEM, "out of memory");
    return 1;
}

/* ---- detection ---- */

static int detect(text_source *ts, const uint8_t *p, size_t n, size_t *skip)
{
    *skip = 0;
    if (n >= 4 && memcmp(p, "regf", 4) == 0)
        return reglint__fail(EINVAL, "this is a registry hive (regf), "
                                     "not a .reg text file");
    if (n >= 2 && p[0] == 0xff && p[1] == 0xfe) {
        ts->enc = REGLINT_ENC_UTF16LE;
        *skip = 2;
    } else if (n >= 2 && p[0] == 0xfe && p[1] == 0xff) {
        ts->enc = REGLINT_ENC_UTF16BE;
        *skip = 2;
    } else if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
        ts->enc = REGLINT_ENC_UTF8_BOM;
        *skip = 3;
    } else if (n >= 2 && p[0] != 0 && p[1] == 0) {
        ts->enc = REGLINT_ENC_UTF16LE_NOBOM;
    } else {
        size_t look = n < 4096 ? n : 4096;
        if (memchr(p, 0, look))
            return reglint__fail(EINVAL, "binary data (NUL bytes), "
                                         "not a .reg text file");
        size_t i = 0;
        while (i < look && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
                            p[i] == '\n'))
            i++;
        ts->enc = (look - i >= 8 && memcmp(p + i, "REGEDIT4", 8) == 0)
                      ? REGLINT_ENC_CP1252
                      : REGLINT_ENC_UTF8;
    }
    return 0;
}

static text_source *source_new(void)
{
    text_source *ts = calloc(1, sizeof *ts);
    if (!ts)
        return reglint__fail_null(ENOMEM, "out of memory");
    ts->fd = -1;
    return ts;
}

text_source *text_source_open_buffer(const void *data, size_t len)
{
    text_source *ts = source_new();
    if (!ts)
        return NULL;
    ts->mem = data;
    ts->memlen = len;
    size_t skip;
    if (detect(ts, ts->mem, len, &skip) < 0) {
        int e = errno;
        free(ts);
        errno = e;
        return NULL;
    }
    ts->mempos = skip;
    ts->eof = skip == len;
    return ts;
}

text_source *text_source_open_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME | O_NOCTTY);
    if (fd < 0 && errno == EPERM)
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return reglint__fail_null(errno, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
        int e = S_ISDIR(st.st_mode) ? EISDIR : errno;
        close(fd);
        return reglint__fail_null(e, "cannot read: %s", strerror(e));
    }
    text_source *ts = source_new();
    if (!ts || !(ts->raw = malloc(CHUNK))) {
        free(ts);
        close(fd);
        return reglint__fail_null(ENOMEM, "out of memory");
    }
    ts->fd = fd;
    /* Read the first bytes for detection into the chunk buffer; the first
    ** decode_more() starts from them (this works on pipes, too). */
    size_t got = 0;
    while (got < DETECT_BYTES) {
        ssize_t r = read(fd, ts->raw + got, DETECT_BYTES - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            text_source_close(ts);
            return reglint__fail_null(e, "read error: %s", strerror(e));
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    size_t skip;
    if (detect(ts, ts->raw, got, &skip) < 0) {
        int e = errno;
        text_source_close(ts);
        errno = e;
        return NULL;
    }
    memmove(ts->raw, ts->raw + skip, got - skip);
    ts->npend = got - skip;
    return ts;
}

void text_source_close(text_source *ts)
{
    if (!ts)
        return;
    if (ts->fd >= 0)
        close(ts->fd);
    free(ts->raw);
    bytebuf_free(&ts->dec);
    free(ts);
}

reglint_encoding text_source_encoding(const text_source *ts) { return ts->enc; }

uint64_t text_source_decode_problem(const text_source *ts, const char **code,
                                    uint64_t *column)
{
    if (!ts->problem_placed)
        return 0;
    *code = ts->problem_code;
    *column = ts->problem_col;
    return ts->problem_line;
}

/* ---- lines ---- */

static void place_problem(text_source *ts, const char *line, size_t len,
                          uint64_t start)
{
    if (!ts->problem_code || ts->problem_placed)
        return;
    if (ts->problem_off >= start && ts->problem_off <= start + len) {
        ts->problem_placed = true;
        ts->problem_line = ts->lineno;
        ts->problem_col = utf8_count(line, (size_t)(ts->problem_off - start)) + 1;
    }
}

int text_source_next_line(text_source *ts, const char **line, size_t *len,
                          uint64_t *lineno, bool *overlong)
{
    *overlong = false;
    for (;;) {
        size_t avail = ts->dec.len - ts->decpos;
        uint8_t *base = avail ? ts->dec.data + ts->decpos : NULL;
        uint8_t *nl = avail ? memchr(base, '\n', avail) : NULL;
        if (ts->skipping) {
            if (!nl) {
                ts->dec_base += ts->dec.len;
                ts->dec.len = ts->decpos = 0;
                int r = decode_more(ts);
                if (r <= 0)
                    return r;
                continue;
            }
            ts->decpos += (size_t)(nl - base) + 1;
            ts->skipping = false;
            continue;
        }
        if (nl || (ts->eof && ts->ncarry == 0 && avail > 0) ||
            avail >= TEXT_MAX_LINE) {
            size_t l = nl ? (size_t)(nl - base) : avail;
            uint64_t start = ts->dec_base + ts->decpos;
            if (l > TEXT_MAX_LINE) {
                /* Hand out the first part; drop the rest of the line. */
                *overlong = true;
                if (nl) {
                    ts->decpos += l + 1;
                } else {
                    ts->decpos = ts->dec.len;
                    ts->skipping = true;
                }
                l = TEXT_MAX_LINE;
            } else if (!nl && avail >= TEXT_MAX_LINE && !ts->eof) {
                *overlong = true;
                ts->decpos = ts->dec.len;
                ts->skipping = true;
            } else {
                ts->decpos += l + (nl ? 1 : 0);
            }
            while (l > 0 && base[l - 1] == '\r')
                l--;
            ts->lineno++;
            *line = (const char *)base;
            *len = l;
            *lineno = ts->lineno;
            place_problem(ts, *line, l, start);
            return 1;
        }
        if (ts->eof && ts->ncarry == 0)
            return 0;
        /* Compact, then decode more. */
        if (ts->decpos) {
            if (avail)
                memmove(ts->dec.data, base, avail);
            ts->dec_base += ts->decpos;
            ts->dec.len = avail;
            ts->decpos = 0;
        }
        int r = decode_more(ts);
        if (r < 0)
            return -1;
        if (r == 0 && ts->ncarry) {
            /* Undecodable tail at the very end (an odd byte, a split
            ** character): decode it as final. */
            long used = decode_chunk(ts, ts->carry, ts->ncarry, true);
            if (used < 0)
                return reglint__fail(ENOMEM, "out of memory");
            if ((size_t)used < ts->ncarry)
                note_problem(ts, ts->enc == REGLINT_ENC_UTF8 ||
                                         ts->enc == REGLINT_ENC_UTF8_BOM
                                     ? "invalid-utf8"
                                     : "invalid-utf16");
            ts->ncarry = 0;
        }
    }
}
