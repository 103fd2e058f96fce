/*
** source_text.c — text sources: detect the encoding of a .reg file and
** hand out its lines as UTF-8, or, for a reader that passes over lines it
** does not want, as raw code units it can look at without decoding them.
**
** Input is read in fixed-size chunks and decoded as it goes, so memory
** stays bounded by a chunk and the longest line, never by the file (which
** is never mapped or read whole).  Files are opened
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

/* Input is decoded on demand: all the complete lines the window holds at
** once, or, for a reader that will pass over lines (text_source_lazy,
** text_source_raw_line), one line at a time, so that what it passes over
** is never decoded.  A line that does not end in the window
** is decoded up to a split character, and the window refilled. */
struct text_source {
    int fd;                /* -1 when reading from memory            */
    uint8_t *raw;          /* file mode: the read buffer (CHUNK)     */
    const uint8_t *win;    /* the input window: raw, or the memory   */
    size_t wpos, wlen;     /* win[wpos..wlen): read, not yet used;
                              wpos is always at a code unit's start  */
    size_t peek_end;       /* after text_source_raw_line(): where the
                              line it described ends                 */
    bool eof;              /* nothing more to read past the window   */
    reglint_encoding enc;
    unsigned width;        /* bytes per code unit: 2 UTF-16, else 1  */
    bytebuf swap;          /* UTF-16BE: a byte-swapped copy          */
    bytebuf dec;           /* decoded UTF-8 not yet handed out       */
    size_t decpos;
    uint64_t dec_base;     /* absolute decoded offset of dec.data[0] */
    uint64_t lineno;
    bool skipping;         /* the rest of an overlong line is dropped */
    bool lazy;             /* decode one line at a time (raw lines
                              have been asked for)                   */
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

/* ---- decoding ---- */

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
        /* Keep a high surrogate that ends the input for the next piece. */
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
            break; /* only the kept surrogate is left */
        i = j;
        if (bytebuf_reserve(&ts->dec, (n - i) / 2 + 16) < 0)
            return -1;
    }
    /* What was not decoded (an odd byte, a split surrogate) waits. */
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
        /* Possibly a character split at the end of the window. */
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

/* Decode p[0..n) (final: nothing follows that could complete a character
** split at its end); returns how many bytes were used, or -1. */
static long decode_range(text_source *ts, const uint8_t *p, size_t n,
                         bool final)
{
    switch (ts->enc) {
    case REGLINT_ENC_UTF16LE:
    case REGLINT_ENC_UTF16LE_NOBOM:
        return decode_utf16le(ts, p, n, final);
    case REGLINT_ENC_UTF16BE: {
        ts->swap.len = 0;
        if (bytebuf_reserve(&ts->swap, n + 1) < 0)
            return -1;
        uint8_t *sw = ts->swap.data;
        for (size_t i = 0; i + 1 < n; i += 2)
            sw[i] = p[i + 1], sw[i + 1] = p[i];
        if (n & 1)
            sw[n - 1] = p[n - 1];
        return decode_utf16le(ts, sw, n, final);
    }
    default:
        return decode_8bit(ts, p, n, final);
    }
}

/* The first line end ('\n' as a whole code unit) in win[from..end), as
** an offset of the window, or SIZE_MAX.  memchr finds candidates fast; in
** UTF-16 a 0x0a byte is a line end only as the right half of a unit. */
static size_t find_newline(const text_source *ts, size_t from, size_t end)
{
    const uint8_t *w = ts->win;
    if (ts->width == 1) {
        const uint8_t *q = from < end ? memchr(w + from, '\n', end - from)
                                      : NULL;
        return q ? (size_t)(q - w) : SIZE_MAX;
    }
    bool be = ts->enc == REGLINT_ENC_UTF16BE;
    size_t i = from;
    while (i + 1 < end) {
        const uint8_t *q = memchr(w + i, '\n', end - i);
        if (!q)
            break;
        size_t k = (size_t)(q - w);
        if (!be && ((k - from) & 1) == 0 && k + 1 < end && w[k + 1] == 0)
            return k;
        if (be && ((k - from) & 1) == 1 && w[k - 1] == 0)
            return k - 1;
        i = k + 1;
    }
    return SIZE_MAX;
}

/* The last line end in win[from..to), or SIZE_MAX. */
static size_t find_last_newline(const text_source *ts, size_t from, size_t to)
{
    const uint8_t *w = ts->win;
    size_t end = to;
    bool be = ts->enc == REGLINT_ENC_UTF16BE;
    while (end > from) {
        const uint8_t *q = memrchr(w + from, '\n', end - from);
        if (!q)
            break;
        size_t k = (size_t)(q - w);
        if (ts->width == 1)
            return k;
        if (!be && ((k - from) & 1) == 0 && k + 1 < to && w[k + 1] == 0)
            return k;
        if (be && ((k - from) & 1) == 1 && w[k - 1] == 0)
            return k - 1;
        end = k;
    }
    return SIZE_MAX;
}

/* Read more input behind what the window holds, moving the unused part to
** the front of the buffer first.  1 if bytes were added, 0 if there are
** none (end of input), -1 on a read error. */
static int fill(text_source *ts)
{
    if (ts->eof)
        return 0;
    if (ts->wpos) {
        memmove(ts->raw, ts->raw + ts->wpos, ts->wlen - ts->wpos);
        ts->wlen -= ts->wpos;
        ts->wpos = 0;
    }
    size_t before = ts->wlen;
    while (ts->wlen < CHUNK) {
        ssize_t r = read(ts->fd, ts->raw + ts->wlen, CHUNK - ts->wlen);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return reglint__fail(errno, "read error: %s", strerror(errno));
        if (r == 0) {
            ts->eof = true;
            break;
        }
        ts->wlen += (size_t)r;
    }
    return ts->wlen > before;
}

/* How far one step may look into the window: a CHUNK, so that decoding
** (and a look at a raw line) never takes more than that at once, from a
** file or from memory. */
static size_t step_end(const text_source *ts)
{
    size_t avail = ts->wlen - ts->wpos;
    return ts->wpos + (avail < CHUNK ? avail : CHUNK);
}

/* Decode input into dec: up to and including the next line end (the last
** one, until the reader has said it will pass over lines) when the step
** holds one, else all the step holds (but a split character), reading
** more when that is nothing.  1 when something was decoded or read, 0 at
** the end of input, -1 on error. */
static int decode_more(text_source *ts)
{
    size_t to = step_end(ts);
    size_t nl = ts->lazy ? find_newline(ts, ts->wpos, to)
                         : find_last_newline(ts, ts->wpos, to);
    if (nl != SIZE_MAX) {
        size_t end = nl + ts->width;
        /* Nothing after a line end completes a character before it. */
        if (decode_range(ts, ts->win + ts->wpos, end - ts->wpos, true) < 0)
            return reglint__fail(ENOMEM, "out of memory");
        ts->wpos = end;
        return 1;
    }
    size_t take = to - ts->wpos;
    bool final = ts->eof && to == ts->wlen;
    long used = take ? decode_range(ts, ts->win + ts->wpos, take, final) : 0;
    if (used < 0)
        return reglint__fail(ENOMEM, "out of memory");
    ts->wpos += (size_t)used;
    if (final) {
        if (ts->wpos < ts->wlen) {
            /* An undecodable tail at the very end: an odd byte, a split
            ** character. */
            note_problem(ts, ts->width == 1 ? "invalid-utf8" : "invalid-utf16");
            ts->wpos = ts->wlen;
        }
        return used > 0;
    }
    if (used > 0)
        return 1;
    int r = fill(ts); /* only a split character is left here */
    return r < 0 ? -1 : r;
}

/* Drop input up to and including the next line end, undecoded: the rest
** of an overlong line.  1 done, 0 at the end of input, -1 on error. */
static int skip_through_newline(text_source *ts)
{
    for (;;) {
        size_t nl = find_newline(ts, ts->wpos, ts->wlen);
        if (nl != SIZE_MAX) {
            ts->wpos = nl + ts->width;
            return 1;
        }
        /* Keep a split code unit; whole units go. */
        ts->wpos += (ts->wlen - ts->wpos) / ts->width * ts->width;
        int r = fill(ts);
        if (r <= 0) {
            ts->wpos = ts->wlen;
            return r;
        }
    }
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

/* After detection: the code unit width the encoding reads in. */
static void set_width(text_source *ts)
{
    ts->width = ts->enc == REGLINT_ENC_UTF16LE ||
                        ts->enc == REGLINT_ENC_UTF16LE_NOBOM ||
                        ts->enc == REGLINT_ENC_UTF16BE
                    ? 2
                    : 1;
}

text_source *text_source_open_buffer(const void *data, size_t len)
{
    text_source *ts = source_new();
    if (!ts)
        return NULL;
    size_t skip;
    if (detect(ts, data, len, &skip) < 0) {
        int e = errno;
        free(ts);
        errno = e;
        return NULL;
    }
    set_width(ts);
    /* The whole buffer is the window; there is nothing more to read. */
    ts->win = data;
    ts->wpos = skip;
    ts->wlen = len;
    ts->eof = true;
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
    ts->win = ts->raw;
    /* Read the first bytes for detection into the buffer; they stay in
    ** the window (this works on pipes, too). */
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
        if (r == 0) {
            ts->eof = true;
            break;
        }
        got += (size_t)r;
    }
    size_t skip;
    if (detect(ts, ts->raw, got, &skip) < 0) {
        int e = errno;
        text_source_close(ts);
        errno = e;
        return NULL;
    }
    set_width(ts);
    ts->wpos = skip;
    ts->wlen = got;
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
    bytebuf_free(&ts->swap);
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
    if (ts->skipping) {
        int r = skip_through_newline(ts);
        if (r <= 0)
            return r;
        ts->skipping = false;
    }
    for (;;) {
        size_t avail = ts->dec.len - ts->decpos;
        uint8_t *base = avail ? ts->dec.data + ts->decpos : NULL;
        uint8_t *nl = avail ? memchr(base, '\n', avail) : NULL;
        bool at_end = ts->eof && ts->wpos == ts->wlen;
        if (nl || (at_end && avail > 0) || avail >= TEXT_MAX_LINE) {
            size_t l = nl ? (size_t)(nl - base) : avail;
            uint64_t start = ts->dec_base + ts->decpos;
            if (l > TEXT_MAX_LINE) {
                /* Hand out the first part; drop the rest of the line. */
                *overlong = true;
                if (nl) {
                    ts->decpos += l + 1;
                } else {
                    ts->decpos = ts->dec.len;
                    ts->skipping = !at_end;
                }
                l = TEXT_MAX_LINE;
            } else if (!nl && avail >= TEXT_MAX_LINE && !at_end) {
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
        if (at_end)
            return 0;
        /* Compact, then decode more. */
        if (ts->decpos) {
            if (avail)
                memmove(ts->dec.data, base, avail);
            ts->dec_base += ts->decpos;
            ts->dec.len = avail;
            ts->decpos = 0;
        }
        if (decode_more(ts) < 0)
            return -1;
    }
}

/* ---- raw lines ---- */

int text_source_raw_line(text_source *ts, text_raw_line *rl)
{
    /* Whatever the reader said: from now on decode only what is asked
    ** for, so that what it passes over stays raw. */
    ts->lazy = true;
    if (ts->decpos < ts->dec.len)
        return 2; /* decoded text is pending: it must be read decoded */
    if (ts->skipping) {
        int r = skip_through_newline(ts);
        if (r <= 0)
            return r;
        ts->skipping = false;
    }
    size_t nl;
    for (;;) {
        nl = find_newline(ts, ts->wpos, step_end(ts));
        if (nl != SIZE_MAX)
            break;
        if (ts->wlen - ts->wpos >= CHUNK)
            return 2; /* longer than the buffer */
        if (ts->eof)
            break; /* the last line, without a line end */
        if (fill(ts) < 0)
            return -1;
    }
    size_t end = nl != SIZE_MAX ? nl : ts->wlen;
    size_t n = (end - ts->wpos) / ts->width;
    if (nl == SIZE_MAX && n == 0) {
        /* The end; a stray odd byte is what the decoder would flag. */
        if (ts->wpos < ts->wlen)
            return 2;
        return 0;
    }
    /* A line that may decode to more than TEXT_MAX_LINE bytes (3 per
    ** unit at most) goes through the decoder, which cuts it as it would
    ** cut any line. */
    if (n >= TEXT_MAX_LINE / 3)
        return 2;
    rl->p = ts->win + ts->wpos;
    rl->width = ts->width;
    rl->be = ts->enc == REGLINT_ENC_UTF16BE;
    /* Without the line end's carriage returns, as text_source_next_line()
    ** hands lines out. */
    while (n > 0 && text_raw_unit(rl, n - 1) == '\r')
        n--;
    rl->n = n;
    ts->peek_end = nl != SIZE_MAX ? nl + ts->width : ts->wlen;
    return 1;
}

void text_source_lazy(text_source *ts) { ts->lazy = true; }

uint64_t text_source_raw_skip(text_source *ts)
{
    ts->wpos = ts->peek_end;
    return ++ts->lineno;
}
