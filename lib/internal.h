/*
** internal.h — declarations shared by libreglint's own files, not installed.
**
** Each .c file in lib/ has one job; this header is how they reach each other
** without widening the public contract in reglint.h.
*/
#ifndef REGLINT_INTERNAL_H
#define REGLINT_INTERNAL_H

#include "reglint.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define RL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RL_PRINTF(f, a)
#endif

/* util_error.c: record a failure (errno = err) and return -1. */
int reglint__fail(int err, const char *fmt, ...) RL_PRINTF(2, 3);
/* The same, returning NULL. */
void *reglint__fail_null(int err, const char *fmt, ...) RL_PRINTF(2, 3);

/* util_arena.c: a bump allocator.  Everything in it is freed at once. */
typedef struct arena_chunk arena_chunk;
typedef struct arena {
    arena_chunk *head;
    size_t used, cap;
} arena;
void arena_init(arena *a);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t n);            /* 8-byte aligned */
char *arena_strndup(arena *a, const char *s, size_t n);
/* Move everything allocated in from into into (pointers stay valid); from
** is left empty. */
void arena_adopt(arena *into, arena *from);

/* A growable byte buffer (malloc'd). */
typedef struct bytebuf {
    uint8_t *data;
    size_t len, cap;
} bytebuf;
int bytebuf_reserve(bytebuf *b, size_t extra);
int bytebuf_append(bytebuf *b, const void *p, size_t n);
int bytebuf_putc(bytebuf *b, uint8_t c);
void bytebuf_free(bytebuf *b);

/* util_unicode.c */
/* Append the UTF-16LE form of UTF-8 s[0..n) to out.  Invalid UTF-8 bytes
** become U+FFFD.  -1 on ENOMEM. */
int utf8_to_utf16le(const char *s, size_t n, bytebuf *out);
/* Append the UTF-8 form of UTF-16LE p[0..n/2) to out; an unpaired
** surrogate becomes U+FFFD (and *bad, if given, is set).  -1 on ENOMEM. */
int utf16le_to_utf8(const uint8_t *p, size_t n, bytebuf *out, bool *bad);
/* Append the UTF-8 form of Windows-1252 bytes to out. */
int cp1252_to_utf8(const uint8_t *p, size_t n, bytebuf *out);
/* Append the UTF-16LE form of Windows-1252 bytes to out. */
int cp1252_to_utf16le(const uint8_t *p, size_t n, bytebuf *out);
/* Decode one UTF-8 character at s (n bytes available).  Returns its length
** (1..4) and the code point, or 0 if s does not start a valid character. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Number of characters in s[0..n) (invalid bytes count one each). */
size_t utf8_count(const char *s, size_t n);
/* Number of UTF-16 code units s[0..n) needs. */
size_t utf8_utf16_units(const char *s, size_t n);
/* Windows' case-insensitive comparison and a matching hash. */
int name_compare_n(const char *a, size_t an, const char *b, size_t bn);
uint32_t name_hash_n(const char *s, size_t n);

/* registry_path.c: split a path into its root and components. */
typedef struct path_part {
    const char *s;
    size_t n;
} path_part;
typedef struct path_split {
    const char *root;     /* canonical root name                  */
    size_t root_len;      /* length of the root as spelled         */
    bool root_abbrev;     /* spelled HKLM, HKCU, ...               */
    bool root_case;       /* the full name, but not in upper case  */
    bool empty_parts;     /* doubled or trailing backslashes       */
    size_t nparts;
    path_part *parts;     /* malloc'd                               */
} path_split;
/* Split path[0..n).  -1 with errno EINVAL if it names no root. */
int path_split_parse(const char *path, size_t n, path_split *out);
void path_split_free(path_split *ps);

/* CurrentControlSet.  The number in "ControlSet001".."ControlSet999" (any
** case), or 0 for any other name. */
unsigned control_set_number(const char *s, size_t n);
/* ps is HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet[\...] (any case). */
bool path_is_current_control_set(const path_split *ps);
/* in as Windows resolves it: if it is CurrentControlSet and ccs is 1..999,
** out->ps is a copy whose second part is "ControlSetNNN"; otherwise
** out->ps is in itself.  Free with free(out->heap).  -1 on ENOMEM. */
#define CONTROL_SET_NAME_MAX 16
typedef struct mapped_path {
    path_split ps;
    path_part *heap; /* the copied parts, when mapped */
    char buf[CONTROL_SET_NAME_MAX];
} mapped_path;
int path_map_control_set(const path_split *in, unsigned ccs,
                         mapped_path *out);

/* Globs in names: '*' (any run) and '?' (one character), the rest
** compared as Windows compares names.  Linear in practice, no recursion. */
bool name_has_glob(const char *s, size_t n);
bool name_glob_match(const char *pat, size_t patlen, const char *name,
                     size_t namelen);

/* registry.c: used by readers that already hold split paths. */
reglint_key *registry_key_open_parts(const reglint_registry *reg,
                                     const path_split *ps);
reglint_key *registry_key_create_parts(reglint_registry *reg,
                                       const path_split *ps,
                                       reglint_origin origin);
int registry_key_delete_parts(reglint_registry *reg, const path_split *ps);
/* Set a value whose name has length nlen (may hold any bytes but NUL). */
int registry_set_value_n(reglint_registry *reg, reglint_key *key,
                         const char *name, size_t nlen, uint32_t type,
                         const void *data, size_t len, reglint_origin origin);
int registry_delete_value_n(reglint_registry *reg, reglint_key *key,
                            const char *name, size_t nlen);
/* Record where a key came from (a hive's root mounted on an existing key). */
void registry_key_set_origin(reglint_key *key, reglint_origin origin);
/* True for a root key (a direct child of the top). */
bool registry_key_is_root(const reglint_key *key);

/* registry_walk.c: visit the keys below `from` (itself included; NULL or
** the top for all), parents before children, with each key's full path.
** Root keys are visited only when they hold values (regedit never writes
** an empty root block).  A callback returning -1 stops the walk with -1. */
typedef int (*registry_visit_fn)(const reglint_key *key, const char *path,
                                 size_t pathlen, void *ctx);
int registry_walk(const reglint_registry *reg, const reglint_key *from,
                  registry_visit_fn fn, void *ctx);

/* source_text.c: decoding a text source into UTF-8 lines. */
typedef struct text_source text_source;
/* Open a file or wrap a buffer (not copied; must outlive the source).
** Detects the encoding.  On failure returns NULL with errno set and a
** message in reglint_last_error(). */
text_source *text_source_open_file(const char *path);
text_source *text_source_open_buffer(const void *data, size_t len);
void text_source_close(text_source *ts);
reglint_encoding text_source_encoding(const text_source *ts);
/* The next line as UTF-8 without its line end.  Returns 1 and sets
** line, len and lineno; 0 at end of input; -1 on a read error (errno).
** *overlong is set when the physical line was longer than the limit and
** was cut.  The line stays valid until the next call. */
int text_source_next_line(text_source *ts, const char **line, size_t *len,
                          uint64_t *lineno, bool *overlong);
/* Where the first decoding problem was (0 if none), and its kind:
** "invalid-utf8" or "invalid-utf16". */
uint64_t text_source_decode_problem(const text_source *ts, const char **code,
                                    uint64_t *column);

#define TEXT_MAX_LINE (16u << 20) /* bytes of one decoded physical line */

/* One physical line as raw code units, to look at without decoding it
** (a reader passing over lines it does not want). */
typedef struct text_raw_line {
    const uint8_t *p; /* the line's first byte                          */
    size_t n;         /* code units, without the line end and its CRs   */
    unsigned width;   /* bytes per unit: 2 (UTF-16), 1 (other encodings) */
    bool be;          /* UTF-16BE                                       */
} text_raw_line;
/* Unit i of a raw line: an ASCII character is itself (NUL included);
** anything else is >= 0x80. */
static inline unsigned text_raw_unit(const text_raw_line *l, size_t i)
{
    const uint8_t *q = l->p + i * l->width;
    if (l->width == 1)
        return q[0];
    return l->be ? (unsigned)q[0] << 8 | q[1] : (unsigned)q[1] << 8 | q[0];
}
/* Look at the next line without decoding it.  1: *rl describes it (valid
** until the next call on ts), and it is consumed only by
** text_source_raw_skip(); 2: it cannot be looked at raw (longer than the
** read buffer or than a decoded line may be, or decoded text is pending):
** read it with text_source_next_line(); 0 at the end of input; -1 on a
** read error. */
int text_source_raw_line(text_source *ts, text_raw_line *rl);
/* Consume the line text_source_raw_line() described; it counts as a line
** for the line numbers.  Returns its line number. */
uint64_t text_source_raw_skip(text_source *ts);
/* From now on decode only the line asked for, never the lines after it
** (by default whole runs of lines are decoded at once). */
void text_source_lazy(text_source *ts);

/* source_reg.c: the .reg parser hands what it reads to a sink, so that the
** same parser fills a registry (registry_sink_init), writes into a hive
** (hive_import.c) or a view that maps CurrentControlSet (view.c).  Each
** callback returns -1 (or NULL) with errno and reglint_last_error() set;
** the parser turns that into a diagnostic on the line and goes on. */
typedef struct reg_sink {
    void *ctx;
    /* Find or create the key at ps with its parents; the handle is given
    ** back to set_value and delete_value. */
    void *(*create_key)(void *ctx, const path_split *ps, reglint_origin o);
    /* Delete the key at ps with its subtree (absent is not an error). */
    int (*delete_key)(void *ctx, const path_split *ps, reglint_origin o);
    int (*set_value)(void *ctx, void *key, const char *name, size_t nlen,
                     uint32_t type, const void *data, size_t len,
                     reglint_origin o);
    /* Absent is not an error. */
    int (*delete_value)(void *ctx, void *key, const char *name, size_t nlen,
                        reglint_origin o);
} reg_sink;
void registry_sink_init(reg_sink *sink, reglint_registry *reg);
/* Parse a .reg file or buffer into sink; origins carry `source`.  Same
** contract as reglint_reg_read_file(). */
int reg_parse_file(const reg_sink *sink, uint32_t source, const char *path,
                   const reglint_reg_options *opts, reglint_diags *diags,
                   reglint_reg_info *info);
int reg_parse_buffer(const reg_sink *sink, uint32_t source, const char *name,
                     const void *data, size_t len,
                     const reglint_reg_options *opts, reglint_diags *diags,
                     reglint_reg_info *info);
/* A filter asked about every key line before the sink sees it (a view
** reading only what a scope names).  key_line gets the line's path and
** whether it deletes, and returns -1 (errno) on failure, REG_KEY_READ to
** apply the line and read its section as usual, or REG_KEY_SKIP to pass
** over the section's lines without decoding them (no diagnostics for
** them), after creating the key's first *keep components (the root
** counting as one; 0: none) if the line is not a deletion. */
enum { REG_KEY_SKIP = 0, REG_KEY_READ = 1 };
typedef struct reg_filter {
    void *ctx;
    int (*key_line)(void *ctx, const path_split *ps, bool del, size_t *keep);
    bool skips; /* may say REG_KEY_SKIP: then lines are decoded one at a
                   time, so that what is skipped is never decoded */
} reg_filter;
int reg_parse_file_filtered(const reg_sink *sink, const reg_filter *filter,
                            uint32_t source, const char *path,
                            const reglint_reg_options *opts,
                            reglint_diags *diags, reglint_reg_info *info);

/* hive_header.c: the regf base block, read without trusting it. */
#define HIVE_BASE_BLOCK 4096u
typedef struct hive_header {
    uint32_t seq1, seq2, major, minor, file_type, format;
    uint32_t root_offset, hbins_size, checksum, checksum_computed;
    bool checksum_ok;
    int64_t last_written; /* Unix seconds, 0 if not set */
    char name[200];       /* the file-name field as UTF-8 */
} hive_header;
/* The plain XOR of the first 127 dwords (what hivex compares). */
uint32_t hive_header_checksum(const uint8_t *base);
/* Parse base[0..len).  -1 with errno EINVAL (not a hive, truncated) or
** ENOTSUP (another format version) and a message naming the offset. */
int hive_header_parse(const uint8_t *base, size_t len, hive_header *h);
/* Walk the hbin headers of the file: 0 if the chain is sound, else -2
** (the file ends before the hive bins do) or -1 (another fault) with the
** first problem's offset and a description in why. */
int hive_hbins_check(int fd, uint64_t size, const hive_header *h,
                     uint64_t *bad_offset, char *why, size_t whylen);

/* source_hive.c: a regf hive file as a source (libhivex). */
#define HIVE_MAX_LOGS 8
typedef struct hive_h hive_h;
typedef struct hive_source {
    hive_h *h;                /* hivex handle on a private copy         */
    char *path;
    hive_header hdr;
    uint64_t size;
    reglint_hive_type type;
    bool unsafe, dirty;
    char *logs[HIVE_MAX_LOGS];
    size_t nlogs;
    unsigned control_set;     /* SYSTEM: Select\Current resolved        */
    const char *control_set_from;
    uint8_t *visited;         /* one bit per 8-byte cell, while loading */
    uint8_t *reported;        /* cells already reported damaged         */
    size_t visited_len;       /* bytes of each bitmap                   */
    size_t *touched;          /* bytes of visited set in this load, so  */
    size_t ntouched, touched_cap; /* that the next load clears only them */
    size_t problems;          /* damaged cells reported so far          */
} hive_source;
/* Open and check a hive; problems become diagnostics.  NULL (errno) when
** it cannot be read at all. */
hive_source *hive_source_open(const char *path, reglint_diags *diags);
void hive_source_close(hive_source *hs);
/* Copy the hive's content at `want` (NULL: all; depth levels below it,
** -1 all) into reg, its root standing at `mount`.  Origins carry source
** and cell offsets.  -1 only on ENOMEM. */
int hive_source_load(hive_source *hs, reglint_registry *reg, uint32_t source,
                     const path_split *mount, const path_split *want,
                     int depth, reglint_diags *diags);
const char *hive_type_file_name(reglint_hive_type t);
/* Open an evidence file read-only without updating its access time (when
** the process may: owner or CAP_FOWNER).  -1 with errno. */
int hive_open_evidence(const char *path);
/* A private copy of fd's first size bytes in an anonymous memory file, for
** libhivex to open as /proc/self/fd/N.  -1 with errno. */
int hive_snapshot(int fd, uint64_t size);

/* util_atomic.c: replace a file atomically.  atomic_file_begin() creates
** a temporary file beside path (mode: the replaced file's, or 0666 less the
** umask); write it through fd or by the name tmp.  atomic_file_commit()
** syncs it, renames it over path and frees af; atomic_file_abort()
** removes it.  On failure both leave path as it was and remove tmp. */
typedef struct atomic_file {
    char *path; /* the target                 */
    char *tmp;  /* the temporary file beside it */
    int fd;     /* open on tmp for writing     */
} atomic_file;
int atomic_file_begin(atomic_file *af, const char *path);
int atomic_file_commit(atomic_file *af);
void atomic_file_abort(atomic_file *af);
/* The whole cycle for a writer of streams: write(ctx, out) into the
** temporary file, committed when it returns 0 and the stream closes. */
int atomic_file_write(const char *path, int (*write)(void *ctx, FILE *out),
                      void *ctx);

/* write_reg.c: the pieces of a .reg file in regedit's syntax, for the
** registry writer and the fix writer.  Lines end in CRLF; text is UTF-8
** until it is encoded (UTF-16LE with a BOM, or UTF-8). */
typedef struct reg_writer {
    FILE *out;
    reglint_encoding enc;
    bytebuf line; /* the current line, UTF-8             */
    bytebuf buf;  /* encoded output waiting to be written */
    bytebuf tmp;
} reg_writer;
/* The BOM (UTF-16LE) and the version 5.00 header with its blank line. */
int reg_writer_begin(reg_writer *w, reglint_encoding enc, FILE *out);
/* "; text": line breaks in text become blanks. */
int reg_writer_comment(reg_writer *w, const char *text);
int reg_writer_blank(reg_writer *w);
/* "[path]", or "[-path]" when del. */
int reg_writer_key(reg_writer *w, const char *path, size_t pathlen, bool del);
int reg_writer_value(reg_writer *w, const char *name, uint32_t type,
                     const uint8_t *data, size_t len);
/* "name"=- */
int reg_writer_delete_value(reg_writer *w, const char *name);
/* Flush, then free the buffers (reg_writer_free on the error paths). */
int reg_writer_end(reg_writer *w);
void reg_writer_free(reg_writer *w);

/* view.c: a new view, not loaded, over the same sources (and change
** files) in the same order, with the same options. */
reglint_view *view_reopen(const reglint_view *v, reglint_diags *diags);

/* write_hive.c: the bytes of a minimal empty hive (base block, one hbin
** with the root key and its security descriptor), as
** reglint_hive_write_empty() writes them. */
#define HIVE_EMPTY_SIZE 8192u
int hive_build_empty(uint8_t *hive, const char *header_name,
                     const char *root_name);

#endif
