/*
** reglint.h — the public interface of libreglint.
**
** libreglint reads Windows registry state offline and audits it.  This header
** is the whole contract: every function is documented here, where it is
** declared.  The data path is
**
**     sources (.reg files, hives)  ->  registry view  ->  OS facts
**         ->  rules  ->  findings  ->  reports and fixes
**
** Each stage has its section below: the in-memory registry model, the
** sources that fill it (.reg files and regf hives) layered into one view,
** the OS facts read from that view, rule sets compiled from rule files,
** the check that runs them (results), and the reports.
**
** Conventions
**   - Every name starts with reglint_ / REGLINT_.
**   - Strings are UTF-8 and NUL-terminated unless a length is given.
**   - A function that fails returns NULL or -1, sets errno, and records a
**     message that reglint_last_error() returns (per thread).
**   - Registry names compare case-insensitively, as Windows compares them
**     (simple Unicode upper-casing of each character); the spelling seen
**     first is the one kept.
**   - Pointers to keys and values stay valid until that key or value is
**     deleted or overwritten, or the registry is freed.
*/
#ifndef REGLINT_H
#define REGLINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library is built with hidden visibility; only what this header
** declares is exported from the shared object. */
#if defined(REGLINT_BUILDING) && defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

/* ------------------------------------------------------------------ */
/* Library                                                              */
/* ------------------------------------------------------------------ */

/* The library version, e.g. "0.1.0" (the version in meson.build). */
const char *reglint_version(void);

/* The message of the last failed call on this thread ("" if none).  The
** string belongs to the library and is overwritten by the next failure. */
const char *reglint_last_error(void);

/* ------------------------------------------------------------------ */
/* Value types                                                          */
/* ------------------------------------------------------------------ */

/* The predefined type numbers.  Any other 32-bit number is a legal type
** too and is kept as it is. */
enum {
    REGLINT_REG_NONE = 0,
    REGLINT_REG_SZ = 1,
    REGLINT_REG_EXPAND_SZ = 2,
    REGLINT_REG_BINARY = 3,
    REGLINT_REG_DWORD = 4,
    REGLINT_REG_DWORD_BIG_ENDIAN = 5,
    REGLINT_REG_LINK = 6,
    REGLINT_REG_MULTI_SZ = 7,
    REGLINT_REG_RESOURCE_LIST = 8,
    REGLINT_REG_FULL_RESOURCE_DESCRIPTOR = 9,
    REGLINT_REG_RESOURCE_REQUIREMENTS_LIST = 10,
    REGLINT_REG_QWORD = 11
};

/* The name of a type: "REG_DWORD" for the predefined ones, "0x100" (lower
** case hex) for any other.  buf must hold REGLINT_TYPE_NAME_MAX bytes; the
** result is buf or a static string. */
#define REGLINT_TYPE_NAME_MAX 16
const char *reglint_type_name(uint32_t type, char buf[REGLINT_TYPE_NAME_MAX]);

/* ------------------------------------------------------------------ */
/* Names and paths                                                      */
/* ------------------------------------------------------------------ */

/* Compare two names as Windows does: case-insensitively, by the simple
** upper-case mapping of each Unicode character.  Returns <0, 0, >0. */
int reglint_name_compare(const char *a, const char *b);

/* The canonical root name for a root spelled any way Windows tools accept
** ("HKLM", "hkey_local_machine", ...), or NULL if it names no root.
** Roots: HKEY_LOCAL_MACHINE (HKLM), HKEY_CURRENT_USER (HKCU),
** HKEY_CLASSES_ROOT (HKCR), HKEY_USERS (HKU), HKEY_CURRENT_CONFIG (HKCC),
** HKEY_PERFORMANCE_DATA, HKEY_DYN_DATA. */
const char *reglint_root_canonical(const char *name, size_t len);

/* Normalise a key path: the root's full name, single backslashes, no
** trailing backslash ("hklm\Software\" -> "HKEY_LOCAL_MACHINE\Software";
** "HKLM\\A" -> "HKEY_LOCAL_MACHINE\A").  Returns a string to free(), or
** NULL with errno EINVAL if the path names no root. */
char *reglint_path_normalize(const char *path);

/* ------------------------------------------------------------------ */
/* The registry model                                                   */
/* ------------------------------------------------------------------ */

typedef struct reglint_registry reglint_registry;
typedef struct reglint_key reglint_key;
typedef struct reglint_value reglint_value;

/* Where a key or value came from: a source registered with
** reglint_registry_add_source() (0 = none); for text sources the 1-based
** line, for hives the file offset of the key's nk cell or the value's vk
** cell (0 = not applicable). */
typedef struct reglint_origin {
    uint32_t source;
    uint32_t line;
    uint32_t offset;
} reglint_origin;

/* Windows' limits, enforced by the model. */
#define REGLINT_MAX_KEY_NAME 255     /* characters in one key name      */
#define REGLINT_MAX_VALUE_NAME 16383 /* characters in one value name    */
#define REGLINT_MAX_DEPTH 512        /* levels below a root             */

reglint_registry *reglint_registry_new(void);
void reglint_registry_free(reglint_registry *reg);

/* Register a source (a file name) and return its id, 1, 2, ... in order.
** Returns 0 on allocation failure. */
uint32_t reglint_registry_add_source(reglint_registry *reg, const char *name);
/* The name of source id, or NULL if there is none. */
const char *reglint_registry_source_name(const reglint_registry *reg,
                                         uint32_t id);
uint32_t reglint_registry_source_count(const reglint_registry *reg);

/* The invisible top of the tree: its subkeys are the roots that exist
** (HKEY_LOCAL_MACHINE, ...), in the order they were created. */
reglint_key *reglint_registry_top(const reglint_registry *reg);

/* Find a key by path ("HKLM\SOFTWARE\Microsoft", any case, any root
** spelling).  NULL with errno ENOENT if absent, EINVAL if not a path. */
reglint_key *reglint_key_open(const reglint_registry *reg, const char *path);

/* Find or create a key by path, creating missing parents as regedit does.
** New keys get the given origin.  NULL with errno EINVAL on a bad path or
** a name or depth over Windows' limits. */
reglint_key *reglint_key_create(reglint_registry *reg, const char *path,
                                reglint_origin origin);

/* Delete the key at path with its whole subtree.  Returns 1 if it
** existed, 0 if not, -1 with errno EINVAL on a bad path.  Deleting a
** root removes everything below it. */
int reglint_key_delete(reglint_registry *reg, const char *path);

/* The key's own name as first spelled; "" for the top. */
const char *reglint_key_name(const reglint_key *key);
/* The parent, or NULL for the top. */
reglint_key *reglint_key_parent(const reglint_key *key);
/* The full path with the root's full name ("HKEY_LOCAL_MACHINE\..."),
** to free(); "" for the top.  NULL on allocation failure. */
char *reglint_key_path(const reglint_key *key);
reglint_origin reglint_key_origin(const reglint_key *key);

/* Subkeys, in the order they were first created. */
size_t reglint_key_subkey_count(const reglint_key *key);
reglint_key *reglint_key_subkey_at(const reglint_key *key, size_t i);
/* The subkey with this name (case-insensitive), or NULL. */
reglint_key *reglint_key_subkey(const reglint_key *key, const char *name);
/* Find or create one subkey of parent.  NULL with errno EINVAL if name is
** empty, holds a backslash, or breaks a limit. */
reglint_key *reglint_key_add_subkey(reglint_registry *reg, reglint_key *parent,
                                    const char *name, reglint_origin origin);

/* Values, in the order they were first set. */
size_t reglint_key_value_count(const reglint_key *key);
const reglint_value *reglint_key_value_at(const reglint_key *key, size_t i);
/* The value with this name (case-insensitive; "" is the default value),
** or NULL. */
const reglint_value *reglint_key_value(const reglint_key *key,
                                       const char *name);
/* Set a value: a new one is appended; an existing one (by
** case-insensitive name) keeps its position and spelling and takes the new
** type, data and origin.  data is copied.  -1 with errno EINVAL if the name
** is too long, ENOMEM on allocation failure. */
int reglint_key_set_value(reglint_registry *reg, reglint_key *key,
                          const char *name, uint32_t type, const void *data,
                          size_t len, reglint_origin origin);
/* Delete a value.  Returns 1 if it existed, 0 if not. */
int reglint_key_delete_value(reglint_registry *reg, reglint_key *key,
                             const char *name);

/* Number of keys below the top (all roots included), for statistics. */
size_t reglint_registry_key_count(const reglint_registry *reg);

/* ------------------------------------------------------------------ */
/* Values                                                               */
/* ------------------------------------------------------------------ */

/* The value's name as first spelled; "" for the default value. */
const char *reglint_value_name(const reglint_value *v);
uint32_t reglint_value_type(const reglint_value *v);
/* The raw bytes exactly as stored, and their length. */
const uint8_t *reglint_value_data(const reglint_value *v, size_t *len);
reglint_origin reglint_value_origin(const reglint_value *v);

/* Typed accessors.  Each fails with -1/NULL and errno EINVAL when the type
** or the length does not fit, ENOMEM on allocation failure. */

/* REG_DWORD (4 bytes, little-endian) or REG_DWORD_BIG_ENDIAN (4 bytes,
** big-endian), unsigned: 0xffffffff is 4294967295. */
int reglint_value_get_dword(const reglint_value *v, uint32_t *out);
/* REG_QWORD (8 bytes, little-endian), unsigned. */
int reglint_value_get_qword(const reglint_value *v, uint64_t *out);
/* REG_SZ, REG_EXPAND_SZ or REG_LINK as UTF-8, to free().  The UTF-16LE data
** is read up to its first NUL character (or its end); an odd last byte is
** ignored; an unpaired surrogate becomes U+FFFD. */
char *reglint_value_get_string(const reglint_value *v);
/* REG_MULTI_SZ as a NULL-terminated array of UTF-8 strings, to free with
** reglint_strv_free().  The strings are the NUL-separated parts of the
** data up to the first empty part that ends it (a final "\0\0"); empty
** strings between non-empty ones are kept; an odd last byte is ignored.
** *count gets the number. */
char **reglint_value_get_multi_sz(const reglint_value *v, size_t *count);
void reglint_strv_free(char **strv);

/* ------------------------------------------------------------------ */
/* Diagnostics                                                          */
/* ------------------------------------------------------------------ */

typedef enum reglint_severity {
    REGLINT_WARNING = 1, /* a deviation from what regedit writes; read anyway */
    REGLINT_ERROR = 2    /* something regedit refuses, or unreadable input   */
} reglint_severity;

typedef struct reglint_diag {
    reglint_severity severity;
    const char *file;    /* the source's name as given                   */
    uint64_t line;       /* 1-based line for text input; 0 if none       */
    uint64_t column;     /* 1-based column in characters; 0 if none      */
    int64_t offset;      /* byte offset for binary input; -1 if none     */
    const char *code;    /* short stable code, e.g. "space-around-equals" */
    const char *message; /* one line, for people                         */
} reglint_diag;

typedef struct reglint_diags reglint_diags;

reglint_diags *reglint_diags_new(void);
void reglint_diags_free(reglint_diags *d);
size_t reglint_diags_count(const reglint_diags *d);
/* How many diagnostics have this severity. */
size_t reglint_diags_count_severity(const reglint_diags *d,
                                    reglint_severity s);
const reglint_diag *reglint_diags_at(const reglint_diags *d, size_t i);
/* Add one.  file, code and message are copied.  -1 on ENOMEM. */
int reglint_diags_add(reglint_diags *d, reglint_severity s, const char *file,
                      uint64_t line, uint64_t column, int64_t offset,
                      const char *code, const char *message);
/* Print one as "FILE:LINE:COL: error|warning: MESSAGE [CODE]" ("FILE:
** offset N: ..." for binary input, "FILE: ..." when there is no place),
** followed by a newline. */
void reglint_diag_print(const reglint_diag *diag, FILE *out);

/* ------------------------------------------------------------------ */
/* .reg files: reading                                                  */
/* ------------------------------------------------------------------ */

/* Encodings of a text source, as detected or as written. */
typedef enum reglint_encoding {
    REGLINT_ENC_UTF16LE = 0, /* with BOM: what regedit writes (default)   */
    REGLINT_ENC_UTF8 = 1,    /* UTF-8, written without BOM                */
    REGLINT_ENC_UTF8_BOM,    /* UTF-8 with BOM (reading only)             */
    REGLINT_ENC_UTF16LE_NOBOM, /* detected by its NUL bytes (reading only) */
    REGLINT_ENC_UTF16BE,     /* with BOM (reading only)                   */
    REGLINT_ENC_CP1252       /* REGEDIT4 files: Windows-1252              */
} reglint_encoding;
const char *reglint_encoding_name(reglint_encoding e);

typedef struct reglint_reg_options {
    int strict;         /* non-zero: every deviation is an error          */
    size_t max_diags;   /* stop reporting after this many per file (0 =
                           default 200); a final "too-many-diagnostics"
                           error says so                                   */
} reglint_reg_options;

/* What a read found out about the file. */
typedef struct reglint_reg_info {
    reglint_encoding encoding;
    int version;        /* 5 ("Windows Registry Editor Version 5.00"), 4
                           ("REGEDIT4"), or 0 (no header)                 */
    uint64_t lines;     /* physical lines read                          */
    uint64_t keys;      /* key lines applied                            */
    uint64_t values;    /* value lines applied (set or deleted)         */
} reglint_reg_info;

/* Read a .reg file and apply it to reg, as importing it with regedit would:
** keys are created with their parents, later lines override earlier ones,
** [-KEY] deletes a subtree, "name"=- deletes a value.  The file is opened
** read-only (O_NOATIME where allowed) and never written.
**
** Every deviation and error becomes a diagnostic in diags (which may be
** NULL).  A line that cannot be read is an error diagnostic; reading goes
** on with the next line.  opts and info may be NULL.
**
** Returns 0 when the file was read (check diags for errors), -1 when it
** could not be read at all (missing, unreadable, not text); then errno is
** set and an error diagnostic explains. */
int reglint_reg_read_file(reglint_registry *reg, const char *path,
                          const reglint_reg_options *opts,
                          reglint_diags *diags, reglint_reg_info *info);

/* The same for a file already in memory; name labels diagnostics and the
** source. */
int reglint_reg_read_buffer(reglint_registry *reg, const char *name,
                            const void *data, size_t len,
                            const reglint_reg_options *opts,
                            reglint_diags *diags, reglint_reg_info *info);

/* ------------------------------------------------------------------ */
/* .reg files: writing                                                  */
/* ------------------------------------------------------------------ */

/* Write the keys below `from` (the key itself included; NULL or the top
** for everything) in regedit's own syntax: "Windows Registry Editor
** Version 5.00", one [KEY] block per key, parents before children, a blank
** line after each block, CRLF line ends, dword:%08x, strings quoted with \\
** and \" escapes, other data as hex: / hex(N): wrapped as regedit wraps
** it.  Data that a quoted string cannot carry exactly (no final NUL, an
** inner NUL, a line break, an odd length, an unpaired surrogate) is
** written as hex(1)/hex(2) so that reading it back gives the same bytes.
** REGLINT_ENC_UTF16LE writes UTF-16LE with a BOM; REGLINT_ENC_UTF8 writes
** UTF-8 without BOM.  Root keys are written only when they hold values.
** Returns 0, or -1 with errno (EIO, ENOMEM, EINVAL for a name a .reg file
** cannot hold, such as one with a line break). */
int reglint_reg_write(const reglint_registry *reg, const reglint_key *from,
                      reglint_encoding enc, FILE *out);

/* The same into the file at path, atomically: a temporary file beside it,
** flushed and renamed over path only when complete. */
int reglint_reg_write_file(const reglint_registry *reg,
                           const reglint_key *from, reglint_encoding enc,
                           const char *path);

/* ------------------------------------------------------------------ */
/* JSON Lines                                                           */
/* ------------------------------------------------------------------ */

/* Write the keys below `from` (itself included; NULL for everything) as
** JSON Lines, parents before children: {"key": PATH} for each key, then
** {"key": PATH, "name": NAME, "type": "REG_DWORD", "data": ..., "raw":
** "hex"} for each of its values.  "name" is "" for the default value;
** "data" is an unsigned number for DWORD, QWORD and DWORD_BIG_ENDIAN of the
** right length, a string for SZ, EXPAND_SZ and LINK, an array of strings
** for MULTI_SZ, and absent otherwise; "raw" is always there, lower-case
** hex.  Root keys are written only when they hold values.  -1 with errno
** on failure. */
int reglint_jsonl_write(const reglint_registry *reg, const reglint_key *from,
                        FILE *out);
/* One line for one key ({"key": PATH}). */
int reglint_jsonl_write_key(const reglint_key *key, FILE *out);
/* One line for one value of key. */
int reglint_jsonl_write_value(const reglint_key *key, const reglint_value *v,
                              FILE *out);

/* ------------------------------------------------------------------ */
/* Hives                                                                */
/* ------------------------------------------------------------------ */

/* Which hive a regf file is, from the file-name field of its header and
** from the keys below its root. */
typedef enum reglint_hive_type {
    REGLINT_HIVE_UNKNOWN = 0,
    REGLINT_HIVE_SYSTEM,     /* mounted at HKEY_LOCAL_MACHINE\SYSTEM       */
    REGLINT_HIVE_SOFTWARE,   /* HKEY_LOCAL_MACHINE\SOFTWARE                */
    REGLINT_HIVE_SAM,        /* HKEY_LOCAL_MACHINE\SAM                     */
    REGLINT_HIVE_SECURITY,   /* HKEY_LOCAL_MACHINE\SECURITY                */
    REGLINT_HIVE_DEFAULT,    /* HKEY_USERS\.DEFAULT                        */
    REGLINT_HIVE_NTUSER,     /* HKEY_CURRENT_USER                          */
    REGLINT_HIVE_USRCLASS,   /* HKEY_CURRENT_USER\Software\Classes         */
    REGLINT_HIVE_COMPONENTS, /* HKEY_LOCAL_MACHINE\COMPONENTS              */
    REGLINT_HIVE_BCD,        /* HKEY_LOCAL_MACHINE\BCD00000000             */
    REGLINT_HIVE_DRIVERS,    /* HKEY_LOCAL_MACHINE\DRIVERS                 */
    REGLINT_HIVE_AMCACHE,    /* HKEY_LOCAL_MACHINE\A (where Windows loads it) */
    REGLINT_HIVE_ELAM        /* HKEY_LOCAL_MACHINE\ELAM                    */
} reglint_hive_type;

/* "SYSTEM", "SOFTWARE", ..., "unknown". */
const char *reglint_hive_type_name(reglint_hive_type t);
/* Where Windows mounts a hive of this type ("HKEY_LOCAL_MACHINE\SYSTEM"),
** or NULL for REGLINT_HIVE_UNKNOWN. */
const char *reglint_hive_type_mount(reglint_hive_type t);

/* ------------------------------------------------------------------ */
/* The view: many sources, one namespace                                 */
/* ------------------------------------------------------------------ */

/* A view layers sources -- hives and .reg files -- into one registry, in
** the order they are added: a later source overrides an earlier one, as
** importing it would.  Adding a source opens and checks it; loading reads
** the keys (all of them, or only those in a scope).  Sources are opened
** read-only and never written.
**
** HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet does not exist in a SYSTEM
** hive: Windows links it to ControlSetNNN, NNN = Select\Current.  The view
** does the same: with a SYSTEM hive among the sources, CurrentControlSet
** in a .reg file, in a scope or in a query means that control set.
** Without one, CurrentControlSet in a .reg file is kept literally, and a
** query in either spelling finds a key stored under the other. */
typedef struct reglint_view reglint_view;

typedef enum reglint_source_kind {
    REGLINT_SOURCE_UNKNOWN = 0, /* could not be opened         */
    REGLINT_SOURCE_REG = 1, /* a .reg text file            */
    REGLINT_SOURCE_HIVE = 2 /* a regf hive file (libhivex) */
} reglint_source_kind;

/* What adding and loading a source found out. */
typedef struct reglint_source_info {
    uint32_t id;                  /* origin source id, 1, 2, ...          */
    const char *path;             /* as given                             */
    reglint_source_kind kind;
    int change;                   /* added with reglint_view_add_change() */
    int failed;                   /* could not be opened or read at all   */
    size_t errors, warnings;      /* its diagnostics                      */
    /* .reg sources */
    reglint_reg_info reg;
    /* hive sources */
    reglint_hive_type hive_type;
    const char *mount;            /* where its root is in the view        */
    const char *header_name;      /* the header's file-name field (UTF-8) */
    uint32_t major, minor;        /* regf format version, e.g. 1.5        */
    uint32_t seq1, seq2;          /* header sequence numbers              */
    int dirty;                    /* seq1 != seq2: logs not replayed      */
    size_t nlogs;                 /* .LOG/.LOG1/.LOG2 files found beside  */
    const char *const *logs;
    int unsafe;                   /* opened in hivex's unsafe mode        */
    int64_t last_written;         /* header timestamp, Unix seconds       */
    uint64_t size;                /* file size in bytes                   */
    /* SYSTEM hives: the control set CurrentControlSet links to (0: none),
    ** and which Select value gave it ("Current", "Default", "lowest"). */
    unsigned control_set;
    const char *control_set_from;
} reglint_source_info;

typedef struct reglint_view_options {
    int strict;        /* .reg deviations are errors               */
    size_t max_diags;  /* per .reg file (0: 200)                    */
    int skim;          /* with a scope, read the sections of .reg files
                          outside it only for their key lines: their
                          other lines are neither decoded nor checked
                          (no diagnostics).  What a check does on a
                          400 MB export; reading everything is the
                          default, so that every line is checked     */
    int whole;         /* the sources are the whole registry: every path
                          is covered, so what they do not hold is absent
                          rather than unknown.  What `reglint lint`
                          assumes of a change file                    */
} reglint_view_options;

reglint_view *reglint_view_new(const reglint_view_options *opts);
void reglint_view_free(reglint_view *v);

/* Add a source.  Its kind comes from its content (a "regf" signature makes
** it a hive).  mount, for a hive, overrides where its root goes
** ("HKLM\SOFTWARE"); NULL mounts it where Windows does (an unknown hive:
** HKEY_LOCAL_MACHINE\ plus its file name, with a warning).  A hive is
** opened and checked now: a bad header checksum or data after the last
** hbin makes the view retry in hivex's unsafe mode and say so; a dirty
** hive is a warning naming the logs beside it.  Problems go to diags.
** Returns the source id, or 0 if the file cannot be used at all (an error
** diagnostic says why; the view stays usable for the other sources). */
uint32_t reglint_view_add(reglint_view *v, const char *path,
                          const char *mount, reglint_diags *diags);

/* Add a change file: a .reg file layered over every source added so far,
** as `reg import` of it on that machine would be (a what-if).  It is read
** whole when the view loads, after the other sources added before it,
** and it never counts for coverage: a change does not say what else is
** on the machine.  Returns the source id, or 0 (error diagnostic). */
uint32_t reglint_view_add_change(reglint_view *v, const char *path,
                                 reglint_diags *diags);

/* Which keys to load.  Empty (or NULL) means everything. */
typedef struct reglint_scope reglint_scope;
#define REGLINT_SCOPE_SUBTREE (-1)
reglint_scope *reglint_scope_new(void);
void reglint_scope_free(reglint_scope *s);
/* Load the key at path, its values, and depth levels below it
** (REGLINT_SCOPE_SUBTREE: all).  A component with '*' (any run of
** characters) or '?' (one) is a glob, matched as Windows compares names:
** "HKLM\SYSTEM\*\Control" is Control in every control set (and in any
** other key under SYSTEM that has one); "...\Packages\Package_for_KB*"
** the packages of updates.  A key literally named "*", as in
** HKEY_CLASSES_ROOT, is one of the names "*" matches.
** CurrentControlSet is mapped as in queries.  The keys on the way to what
** a scope path names are created too, without their values, where the
** sources have them.  -1 with errno EINVAL on a bad path. */
int reglint_scope_add(reglint_scope *s, const char *path, int depth);

/* Read the sources into the view's registry, in the order added.  Only
** what the scope names is read (NULL or empty: everything), from hives
** and from .reg files alike.  A .reg file is streamed: every key line is
** parsed, with its diagnostics; the lines of a key outside the scope are
** passed over without being decoded, and give no diagnostics (they count
** in the source's .reg info as lines, not as keys or values applied).
** For the keys inside the scope the result is what reading the
** whole file gives: deletions of them or of their ancestors are applied,
** and under HKLM\SYSTEM every control set's spelling (CurrentControlSet,
** ControlSetNNN) of a scope path is read, since which set is current may
** be said later; HKLM\SYSTEM\Select is always read.
** Returns 0, or -1 on an internal error (ENOMEM); problems in a source are
** diagnostics and do not stop the others. */
int reglint_view_load(reglint_view *v, const reglint_scope *scope,
                      reglint_diags *diags);

/* The registry the sources were loaded into (owned by the view). */
reglint_registry *reglint_view_registry(const reglint_view *v);

/* Find a key as Windows would see it, mapping CurrentControlSet.  NULL
** with errno ENOENT if absent, EINVAL if path is not a key path. */
reglint_key *reglint_view_key_open(const reglint_view *v, const char *path);

/* The control set CurrentControlSet means (0: not known). */
unsigned reglint_view_control_set(const reglint_view *v);

size_t reglint_view_source_count(const reglint_view *v);
/* Source i (0-based, in the order added), or NULL. */
const reglint_source_info *reglint_view_source(const reglint_view *v,
                                               size_t i);

/* Where a key or value came from, for people: "FILE:LINE" for a .reg
** source, "FILE:\ControlSet002\Control\X (cell 0x1a20)" for a hive
** (the key's real path inside the hive file).  key is the key that holds
** the value (or the key itself).  A string to free(), or NULL. */
char *reglint_view_describe_origin(const reglint_view *v,
                                   const reglint_key *key,
                                   reglint_origin origin);

/* For an origin in a hive source: the key's real path inside the hive
** file ("\ControlSet002\Control\X"), to free().  NULL (errno EINVAL) for
** any other origin, ENOMEM on allocation failure. */
char *reglint_view_origin_hive_path(const reglint_view *v,
                                    const reglint_key *key,
                                    reglint_origin origin);

/* ------------------------------------------------------------------ */
/* OS facts                                                             */
/* ------------------------------------------------------------------ */

typedef enum reglint_os_role {
    REGLINT_ROLE_UNKNOWN = 0,
    REGLINT_ROLE_CLIENT,     /* ProductType WinNT                       */
    REGLINT_ROLE_SERVER,     /* ServerNT                                */
    REGLINT_ROLE_DC          /* LanmanNT: a domain controller (server)   */
} reglint_os_role;

typedef enum reglint_os_arch {
    REGLINT_ARCH_UNKNOWN = 0,
    REGLINT_ARCH_X86,
    REGLINT_ARCH_X64,
    REGLINT_ARCH_ARM64,
    REGLINT_ARCH_IA64,
    REGLINT_ARCH_ARM
} reglint_os_arch;

/* The facts, each with where it was read. */
typedef enum reglint_os_fact {
    REGLINT_FACT_VERSION = 0,  /* major.minor                           */
    REGLINT_FACT_BUILD,
    REGLINT_FACT_UBR,
    REGLINT_FACT_EDITION,
    REGLINT_FACT_ROLE,
    REGLINT_FACT_ARCH,
    REGLINT_FACT_SERVICE_PACK,
    REGLINT_FACT_PRODUCT_NAME,
    REGLINT_FACT_DISPLAY_VERSION,
    REGLINT_FACT_COUNT
} reglint_os_fact;

typedef struct reglint_fact_origin {
    int known;
    reglint_origin origin;  /* source 0: given with --os                  */
    char where[160];        /* "HKEY_LOCAL_MACHINE\SOFTWARE\...\CurrentBuild",
                               or "--os 2012r2"                           */
} reglint_fact_origin;

typedef struct reglint_os {
    unsigned major, minor;     /* 6.3, 10.0; 0.0 unknown                  */
    unsigned build, ubr;       /* 9600, 17763; 0 unknown                  */
    unsigned service_pack;     /* 2 for "Service Pack 2"; 0 none/unknown  */
    reglint_os_role role;
    reglint_os_arch arch;
    char edition[64];          /* EditionID, e.g. "ServerStandard"        */
    char product_name[128];    /* ProductName, Windows 11 corrected       */
    char display_version[32];  /* DisplayVersion or ReleaseId, "22H2"     */
    reglint_fact_origin fact[REGLINT_FACT_COUNT];
} reglint_os;

/* Read the facts from the view: the key
** HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion
** (CurrentMajor/MinorVersionNumber or CurrentVersion,
** CurrentBuild(Number), UBR, EditionID, ProductName, DisplayVersion or
** ReleaseId, CSDVersion), Control\ProductOptions\ProductType and
** Control\Session Manager\Environment\PROCESSOR_ARCHITECTURE in the
** current control set
** (or WOW6432Node under SOFTWARE: 64-bit).  What nothing says stays
** unknown.  A ProductName that says "Windows 10" on build 22000 or later
** is corrected to "Windows 11", as Windows' own winver does.  Returns 0. */
int reglint_os_read(const reglint_view *v, reglint_os *os);

/* The keys reglint_os_read() reads, for a scope. */
int reglint_os_scope(reglint_scope *s);

/* Supply or override facts from a spec:
**   a release name: 2008, 2008sp2, 2008r2 (= 2008r2sp1), 2012, 2012r2, 2016,
**     2019, 2022, 2025 (servers), vista, 7, 8, 8.1, 10, 11 (clients);
**   a version: 6.3.9600, 10.0.17763[.UBR];
**   a build with a role: server:17763, client:19045;
** each optionally followed by /x86, /x64 or /arm64.  Facts the spec gives
** replace what was read; their origin says "--os SPEC".  -1 with errno
** EINVAL (and a message) on a spec that is none of these. */
int reglint_os_override(reglint_os *os, const char *spec);

/* A name for people: "Windows Server 2012 R2", "Windows 10 1709",
** "Windows 11 23H2", from build and role ("Windows" + version when the
** build is not in the table; "unknown" when nothing is known). */
const char *reglint_os_release_name(const reglint_os *os, char *buf,
                                    size_t len);
const char *reglint_os_role_name(reglint_os_role r);  /* "client", ... */
const char *reglint_os_arch_name(reglint_os_arch a);  /* "x64", ...    */
const char *reglint_os_fact_name(reglint_os_fact f);  /* "build", ...  */

/* ------------------------------------------------------------------ */
/* Writing hives                                                        */
/* ------------------------------------------------------------------ */

/* Write a minimal empty hive to path, atomically: a base block with a
** correct checksum and header_name in its file-name field (NULL: none;
** Windows stores the tail of the hive's path, e.g.
** "\\SystemRoot\\System32\\Config\\SOFTWARE"), one hbin, and a root key
** named root_name (NULL: "ROOT") with a security descriptor.  hivex (read
** and write) and reglookup open it.  -1 with errno on failure. */
int reglint_hive_write_empty(const char *path, const char *header_name,
                             const char *root_name);

typedef struct reglint_import_options {
    const char *prefix;  /* the key path the hive's root stands for, e.g.
                            "HKLM\SYSTEM"; NULL: from the base hive's
                            type, or for a new hive the root and first name
                            of the first key line of the first .reg file
                            (HKEY_LOCAL_MACHINE\SOFTWARE if it has none) */
    int strict;          /* .reg deviations are errors                  */
} reglint_import_options;

/* Apply .reg files, in order, to the hive at base (NULL: a new empty
** hive) and write the result atomically to out, which must not be base
** or any input.  Keys are created with their parents as regedit does;
** [-KEY] and "name"=- delete; every value type is kept byte for byte.
** Keys of the .reg files outside the prefix are errors (not applied).
** In a SYSTEM hive, CurrentControlSet is written into the control set
** Select\Current names.  Returns 0 when out was written (diags may hold
** warnings), -1 otherwise (errno; an error diagnostic says why). */
int reglint_hive_import(const char *base, const char *out,
                        const char *const *reg_files, size_t nfiles,
                        const reglint_import_options *opts,
                        reglint_diags *diags);

/* ------------------------------------------------------------------ */
/* Coverage                                                             */
/* ------------------------------------------------------------------ */

/* Does any source of the view say what is (or is not) at path?
**   - A hive that could be read covers its whole namespace (a SYSTEM
**     hive: HKEY_LOCAL_MACHINE\SYSTEM and everything below), whatever
**     the scope loaded of it.
**   - A .reg file covers the subtree of every top-most key it names: a
**     key line, [KEY] or [-KEY], with no ancestor among its key lines, as
**     a regedit export of that key would.  A key line that names no root
**     covers nothing.
** Names compare as Windows compares them, whole components only
** (HKLM\A covers HKLM\A\B, not HKLM\AB nor HKLM); "*" in path is a
** name like any other.  CurrentControlSet: key lines count as the view
** stores them (ControlSetNNN when a SYSTEM hive, or a Select\Current
** read before, says which set is current; else literally), and path is
** tried in the spellings reglint_view_key_open() tries: CurrentControlSet
** also as ControlSetNNN of reglint_view_control_set(), ControlSetNNN also
** as a literal CurrentControlSet when NNN is that set or none is known.
** So a covered path that reglint_view_key_open() does not find is absent.
** With a scope, a .reg file's key lines are recorded only inside it (at or
** above a scope path, or within its depth below it): the answer is exact
** for every path there, and may be 0 for a path deeper than that.
** Returns 1 covered, 0 not, -1 with errno EINVAL on a bad path.  Valid
** after reglint_view_load(). */
int reglint_view_covers(const reglint_view *v, const char *path);

/* ------------------------------------------------------------------ */
/* Rules                                                                */
/* ------------------------------------------------------------------ */

/* A rule set: rules compiled from rule files (YAML, documented in
** reglint-rules(5)), and the Schannel OS-default table that effective
** protocol states use.  The shipped packs (azure-backup, azure-pack,
** hardening, and the common REG-* checks) are compiled into the library. */
typedef struct reglint_rules reglint_rules;

/* Severity of a failed rule. */
typedef enum reglint_level {
    REGLINT_LEVEL_INFO = 1,
    REGLINT_LEVEL_WARNING = 2,
    REGLINT_LEVEL_ERROR = 3
} reglint_level;
const char *reglint_level_name(reglint_level l); /* "info", ... */
/* -1 when name is none of "info", "warning", "error". */
int reglint_level_parse(const char *name);

reglint_rules *reglint_rules_new(void);
void reglint_rules_free(reglint_rules *rs);

/* Add the packs built into the library.  -1 (errno, diagnostics) only if
** they fail to compile, which a test guards against. */
int reglint_rules_load_builtin(reglint_rules *rs, reglint_diags *diags);
/* Add a rule file.  Every problem is an error diagnostic with the file,
** line and column, and the rule id when there is one; a file with any
** error adds nothing.  A rule whose id is already loaded is an error.
** A file may carry a schannel-defaults table; the last one loaded wins.
** Returns 0, or -1 (errno EINVAL for a bad file, ENOENT...). */
int reglint_rules_load_file(reglint_rules *rs, const char *path,
                            reglint_diags *diags);
/* The same for text in memory; name is used in diagnostics. */
int reglint_rules_load_buffer(reglint_rules *rs, const char *name,
                              const char *text, size_t len,
                              reglint_diags *diags);

/* What a rule says about itself, for listing and showing. */
typedef struct reglint_rule_info {
    const char *id;           /* "AB-TLS12-CLIENT-ENABLED"                */
    const char *title;
    const char *description;  /* may be NULL                              */
    reglint_level severity;
    const char *const *profiles;  /* "azure-backup", ...; "common" = all   */
    size_t nprofiles;
    const char *applies;      /* for people: "builds 7601, 9200; 64-bit"  */
    const char *fix;          /* .reg lines, or NULL                      */
    const char *const *refs;  /* "AB: Configuring SChannel protocols", ... */
    size_t nrefs;
    const char *file;         /* "builtin:azure-backup.yaml" or the path  */
    unsigned line;            /* where the rule starts                    */
    const char *text;         /* the rule as written in its file          */
    const char *remedy;       /* what to do when the fix is not a registry
                                 value ("install KB3140245 ..."), or NULL */
} reglint_rule_info;

size_t reglint_rules_count(const reglint_rules *rs);
/* Rule i, in load order; NULL past the end. */
const reglint_rule_info *reglint_rules_at(const reglint_rules *rs, size_t i);
/* By id, case-insensitively; NULL if none. */
const reglint_rule_info *reglint_rules_find(const reglint_rules *rs,
                                            const char *id);
/* The profile names the rules use, in first-seen order ("common"
** excluded).  *n gets the count. */
const char *const *reglint_rules_profiles(const reglint_rules *rs,
                                          size_t *n);

/* Which rules a check runs: rules of any named profile, plus the common
** ones.  NULL or an empty list: "azure-backup"; "all": every rule. */
typedef struct reglint_check_options {
    const char *const *profiles;
    size_t nprofiles;
} reglint_check_options;

/* -1 with errno EINVAL (and a message naming the known profiles) when a
** profile in opts is none the rules use. */
int reglint_rules_check_profiles(const reglint_rules *rs,
                                 const reglint_check_options *opts);

/* Add to s the keys the selected rules read, and what OS facts need, so
** that reglint_view_load() reads only those. */
int reglint_rules_scope(const reglint_rules *rs,
                        const reglint_check_options *opts, reglint_scope *s);

/* ------------------------------------------------------------------ */
/* Effective protocol state (Schannel)                                 */
/* ------------------------------------------------------------------ */

typedef enum reglint_protocol_state {
    REGLINT_STATE_UNKNOWN = 0,     /* OS unknown and a value absent       */
    REGLINT_STATE_ON,              /* enabled and used by default         */
    REGLINT_STATE_ON_REQUEST,      /* enabled, DisabledByDefault: only apps
                                      that ask for it get it               */
    REGLINT_STATE_OFF,             /* Enabled = 0, or the OS default off  */
    REGLINT_STATE_UNSUPPORTED      /* this OS build cannot do it           */
} reglint_protocol_state;
const char *reglint_protocol_state_name(reglint_protocol_state s);
/* "on", "on-request", "off", "unsupported", "unknown" */

typedef struct reglint_protocol_eval {
    reglint_protocol_state state;
    reglint_protocol_state os_default; /* what the table says for this build */
    int covered;                     /* a source covers the role key        */
    const reglint_key *key;          /* the role key, or NULL if absent     */
    const reglint_value *enabled;    /* as read; NULL when absent           */
    const reglint_value *disabled_by_default;
    int enabled_ignored;             /* present with a type Windows ignores */
    int dbd_ignored;
    const char *release;             /* the default table's row, or NULL    */
    char why[256];                   /* one line, for people                */
} reglint_protocol_eval;

/* The protocol names the default table knows ("SSL 2.0", ... "DTLS 1.2"),
** in order. */
const char *const *reglint_protocols(const reglint_rules *rs, size_t *n);

/* The effective state of protocol ("TLS 1.2") for role ("Client" or
** "Server", any case) from the values under
** SCHANNEL\Protocols\<protocol>\<role> and the OS default for the build.
** -1 with errno EINVAL for a protocol or role name it does not know. */
int reglint_protocol_effective(const reglint_rules *rs, const reglint_view *v,
                               const reglint_os *os, const char *protocol,
                               const char *role, reglint_protocol_eval *out);

/* ------------------------------------------------------------------ */
/* Checking: results                                                    */
/* ------------------------------------------------------------------ */

typedef enum reglint_verdict {
    REGLINT_PASS = 0,
    REGLINT_FAIL,
    REGLINT_UNKNOWN,   /* no source covers what the rule reads, or the
                          verdict depends on an OS fact nobody knows     */
    REGLINT_NA         /* the rule's applies condition is false          */
} reglint_verdict;
const char *reglint_verdict_name(reglint_verdict r); /* "pass", "n/a", ... */

/* One rule on one target.  Strings belong to the result set; key and
** value pointers into the view stay valid while the view lives. */
typedef struct reglint_result {
    const reglint_rule_info *rule;
    const char *profile;       /* the profile it ran for ("common", ...)  */
    reglint_verdict result;
    reglint_level severity;    /* of a fail, after the rule's own
                                  downgrade or escalation; else the rule's */
    const char *target;        /* per-target rules: the SQL instance, the
                                  flagged key ...; NULL otherwise         */
    const char *key;           /* the key read, as the source spells it
                                  (the rule's path when absent)          */
    const char *value;         /* the value name read, or NULL            */
    const reglint_key *found_key;     /* NULL when absent               */
    const reglint_value *found_value; /* NULL when absent               */
    reglint_origin origin;     /* of the value (else the key); source 0:
                                  nothing was read                       */
    const char *actual;        /* for people: "REG_DWORD 0x1 (1)", "absent",
                                  "on-request (Enabled=1, ...)"            */
    const char *expected;      /* for people                               */
    const char *os_default;    /* the OS default that applied, and why, or
                                  NULL                                    */
    const char *reason;        /* one line: why this result               */
    const char *fix;           /* .reg lines, or NULL                      */
    const char *remedy;        /* a fail that no registry value fixes: what
                                  to install or do (the rule's remedy, or
                                  one for this target); else NULL         */
} reglint_result;

typedef struct reglint_results reglint_results;

/* Run the selected rules on the view, with the OS facts os (read with
** reglint_os_read() and perhaps overridden).  NULL on ENOMEM or a bad
** profile (errno, message). */
reglint_results *reglint_check(const reglint_rules *rs, const reglint_view *v,
                               const reglint_os *os,
                               const reglint_check_options *opts);
void reglint_results_free(reglint_results *r);
size_t reglint_results_count(const reglint_results *r);
/* In rule load order, targets in the order found. */
const reglint_result *reglint_results_at(const reglint_results *r, size_t i);

/* ------------------------------------------------------------------ */
/* Fixes                                                                */
/* ------------------------------------------------------------------ */

/* A fixable result: a fail whose fix is registry values (result->fix). */
int reglint_result_fixable(const reglint_result *r);

/* The changes that turn every fixable fail of a check into a pass, as
** one .reg file, and the fails that need something else (an update, a
** certificate, a SQL Server build), as comments saying what to do.  */
typedef struct reglint_fix reglint_fix;

/* Build it from the results of reglint_check() on v with os:
**   - each fail's fix lines, merged per key; a value two rules set
**     differently goes to the rule of a profile over a common REG-* rule,
**     else to the first, and the clash is a comment and a warning;
**   - a Schannel role key gets both Enabled and DisabledByDefault (1/0 to
**     enable, 0/1 to disable), never a half-disabled pair;
**   - a value under HKLM\SOFTWARE\Microsoft\.NETFramework or
**     ...\Internet Settings\WinHttp is set in both views (the
**     WOW6432Node twin) unless the OS is known to be 32-bit, where the
**     WOW6432Node one is dropped;
**   - key paths say CurrentControlSet, so the file also works on the
**     live machine; every key the fix creates that the sources lack gets
**     its own block, parents first.
** Nothing is written for a rule that passes.  NULL on ENOMEM. */
reglint_fix *reglint_fix_build(const reglint_results *r, const reglint_view *v,
                               const reglint_os *os);
/* reglint_fix_build(), then proven: the check runs again (rules rs,
** options opts, OS facts os) on v's sources with the fix layered on top,
** as reglint_view_add_change() layers a file.  A rule that passed and
** would fail with the fix (the profiles disagree: azure-pack enables the
** TLS 1.0 client that hardening disables) is never broken: the rules
** whose values break it are left out, each named in a clash comment and
** listed as a step for the user, and the fix is built again.  A rule the
** fix brings about (a key it creates makes the rule apply) whose own
** lines nothing in the fix stands against has them taken in.  NULL on
** ENOMEM or when the sources cannot be read again. */
reglint_fix *reglint_fix_build_checked(const reglint_rules *rs,
                                       const reglint_check_options *opts,
                                       const reglint_results *r,
                                       const reglint_view *v,
                                       const reglint_os *os);
void reglint_fix_free(reglint_fix *f);

/* 1 when the rule's fix lost a clash with another rule's (the profiles
** disagree on a value, or its value would make a passing rule fail), so
** the fix leaves it failing; else 0. */
int reglint_fix_conflicted(const reglint_fix *f, const char *rule_id);

/* Call fn with the path of each key the fix writes (parent blocks and
** deletions included, as the fix holds it: CurrentControlSet spelled
** out), in the order written.  fn returning non-zero stops the walk, and
** the call returns -1; else 0.  For a caller that splits the fix by hive. */
int reglint_fix_each_key(const reglint_fix *f,
                         int (*fn)(const char *path, void *ctx), void *ctx);

/* How many fails the registry changes fix, how many need something else
** (listed as comments), and how many value clashes there were. */
typedef struct reglint_fix_stats {
    size_t fixed;      /* fails with a registry fix                       */
    size_t manual;     /* fails listed as comments: install, import, ... */
    size_t keys;       /* key blocks written (parents included)          */
    size_t values;     /* value lines written (set or delete)            */
    size_t conflicts;  /* values two rules want set differently; the
                          losing rules are counted in manual, not fixed  */
} reglint_fix_stats;
void reglint_fix_stats_get(const reglint_fix *f, reglint_fix_stats *st);

/* How to write a fix. */
typedef struct reglint_fix_write_options {
    reglint_encoding encoding; /* REGLINT_ENC_UTF16LE (regedit's: BOM,
                                  CRLF; the default) or REGLINT_ENC_UTF8
                                  (no BOM, CRLF: what hivexregedit reads) */
    const char *prefix;        /* keep only the keys at or below this path
                                  ("HKLM\SYSTEM"): one hive's part, for
                                  tools that merge into one hive; it may
                                  say CurrentControlSet or, with
                                  control_set, ControlSetNNN; NULL: all */
    unsigned control_set;      /* non-zero: CurrentControlSet is written as
                                  ControlSetNNN, for offline tools that do
                                  not map it (hivexregedit --merge); 0: as
                                  CurrentControlSet, what the live machine
                                  and reglint import understand         */
} reglint_fix_write_options;

/* Write the .reg: regedit's header, a comment saying what it fixes, then
** for each key a comment naming the rules it fixes and the [KEY] block,
** then the steps that are not registry values, as comments.  opts may be
** NULL (UTF-16LE, everything).  -1 with errno on a write error. */
int reglint_fix_write(const reglint_fix *f,
                      const reglint_fix_write_options *opts, FILE *out);
/* The same into the file at path, atomically. */
int reglint_fix_save(const reglint_fix *f,
                     const reglint_fix_write_options *opts, const char *path);

/* ------------------------------------------------------------------ */
/* Reports                                                              */
/* ------------------------------------------------------------------ */

typedef enum reglint_format {
    REGLINT_FORMAT_TEXT = 0, /* for people: grouped by result, details   */
    REGLINT_FORMAT_JSON,     /* one document; schema reglint-check.schema.json */
    REGLINT_FORMAT_JUNIT     /* JUnit XML for CI servers                  */
} reglint_format;

/* The version of the JSON document's layout ("schema_version"); it
** changes only when a field changes meaning or goes away. */
#define REGLINT_JSON_SCHEMA_VERSION 1

typedef struct reglint_report_options {
    reglint_format format;
    int color;                  /* text: ANSI colours (the caller decides:
                                   a terminal, and NO_COLOR unset)        */
    const char *const *profiles; /* as selected, echoed in the report    */
    size_t nprofiles;
    int fail_on;                /* a reglint_level: fails at or above it are
                                   findings (JUnit failures); 0 = never    */
    const reglint_diags *diags; /* the sources' diagnostics, reported with
                                   the results (NULL: none).  Unless
                                   fail_on is 0, an error diagnostic is a
                                   finding; a warning is one when fail_on
                                   is warning or info                     */
    const char *command;        /* the text report's title: "check"
                                   (NULL) or "lint"                       */
} reglint_report_options;

/* Write the results of a check.  -1 with errno on a write error. */
int reglint_report_write(FILE *out, const reglint_results *r,
                         const reglint_view *v, const reglint_os *os,
                         const reglint_report_options *opts);

/* The same into the file at path, atomically (a temporary file beside it,
** renamed over it when complete). */
int reglint_report_save(const char *path, const reglint_results *r,
                        const reglint_view *v, const reglint_os *os,
                        const reglint_report_options *opts);

/* What `reglint info` prints: each source, the OS facts with where each
** was read, the Schannel protocol table as stored, and the effective
** protocol matrix (each protocol and role: the state and why).  rs gives
** the OS-default table.  format: text or JSON.  -1 with errno on a write
** error. */
int reglint_info_write(FILE *out, const reglint_view *v, const reglint_os *os,
                       const reglint_rules *rs, reglint_format format);

#if defined(REGLINT_BUILDING) && defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* REGLINT_H */
