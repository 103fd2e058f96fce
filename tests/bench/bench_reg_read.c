/*
** bench_reg_read.c — `meson test --benchmark`: how fast is the .reg reader
** on a big file, and how much memory does the model take?
**
** Usage: bench_reg_read FILE
**        bench_reg_read --generate FILE   (only make sure FILE exists)
**
** If FILE is absent, smaller than BENCH_MIN_BYTES or made by an older
** generator (its first comment line names the generator's version,
** BENCH_GEN_MARK), it is generated first: a realistic UTF-16LE .reg file
** with a BOM and CRLF line ends, as regedit exports it, streamed through a
** small buffer to FILE.tmp.PID and renamed to FILE when complete.  The
** content is deterministic.  Halfway through it holds the few keys a TLS
** audit reads (SCHANNEL protocols under CurrentControlSet, .NET's strong
** crypto, the OS version), so that a scoped read (bench_scoped_reg.sh:
** `reglint get`, later `reglint check`) finds them in 400 MB of others.
**
** Then, in the same run:
**   (a) a child process reads FILE into a registry with
**       reglint_reg_read_file();
**   (b) a child process runs `iconv -f UTF-16LE -t UTF-8 FILE > /dev/null`,
**       the cost of merely decoding the same bytes.
** For each the wall-clock time and the child's peak RSS (wait4's ru_maxrss)
** are printed, with MB/s and the reglint/iconv throughput ratio.
**
** Exit status: 0 on success, 1 if reading failed (or the file could not be
** generated).
*/
#include "reglint.h"
#include "../test_utf16.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BENCH_MIN_BYTES 400000000ull /* 400 MB */
/* The first line after the header; a file without it is generated again. */
#define BENCH_GEN_MARK "; reglint bench generator 2"
#define OUT_BUF_SIZE (64 * 1024)     /* the generator's whole output buffer */

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */
/* ------------------------------------------------------------------ */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Deterministic xorshift64*. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return (uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 32) % n;
}

/* ------------------------------------------------------------------ */
/* Generator: UTF-8 text in, UTF-16LE out, through a 64 KiB buffer      */
/* ------------------------------------------------------------------ */

typedef struct gen {
    FILE *f;
    unsigned char buf[OUT_BUF_SIZE];
    size_t used;
    uint64_t bytes;  /* written so far, BOM included */
    uint64_t keys;   /* key lines */
    uint64_t values; /* value lines */
    int failed;
} gen;

static void gen_flush(gen *g)
{
    if (g->used && !g->failed && fwrite(g->buf, 1, g->used, g->f) != g->used)
        g->failed = 1;
    g->used = 0;
}

/* Append UTF-8 text (well-formed: we write it ourselves) as UTF-16LE. */
static void emit(gen *g, const char *s)
{
    size_t n = strlen(s);
    if (g->used + 2 * n > sizeof g->buf)
        gen_flush(g);
    size_t w = test_utf16_encode(s, n, 0, g->buf + g->used);
    g->used += w;
    g->bytes += w;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void emitf(gen *g, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    emit(g, tmp);
}

/* Length of UTF-8 text in UTF-16 units. */
static size_t u16len(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xc0) != 0x80)
            n += (*p >= 0xf0) ? 2 : 1;
    }
    return n;
}

/* `"name"=hex(N):` then the bytes, wrapped as regedit wraps them: the
** running length starts at the prefix's length; each "xx," adds 3; at 77 or
** more, with bytes still to come, the line ends in `\` and goes on indented
** by two spaces. */
static void emit_hex(gen *g, const char *qname, uint32_t type,
                     const unsigned char *data, size_t len)
{
    char prefix[600];
    if (type == REGLINT_REG_BINARY)
        snprintf(prefix, sizeof prefix, "%s=hex:", qname);
    else
        snprintf(prefix, sizeof prefix, "%s=hex(%x):", qname, (unsigned)type);
    emit(g, prefix);
    size_t col = u16len(prefix);
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        char b[4] = {digits[data[i] >> 4], digits[data[i] & 15], 0, 0};
        if (i + 1 < len)
            b[2] = ',';
        emit(g, b);
        col += 3;
        if (i + 1 < len && col >= 77) {
            emit(g, "\\\r\n  ");
            col = 2;
        }
    }
    emit(g, "\r\n");
    g->values++;
}

/* UTF-16LE of ASCII text s, plus a NUL, appended to out at *n. */
static void put_u16z(unsigned char *out, size_t *n, const char *s)
{
    for (; *s; s++) {
        out[(*n)++] = (unsigned char)*s;
        out[(*n)++] = 0;
    }
    out[(*n)++] = 0;
    out[(*n)++] = 0;
}

static const char *const words[] = {
    "Enabled", "DisabledByDefault", "Version", "InstallPath", "DisplayName",
    "Policy", "Timeout", "Flags", "Description", "Options", "LastUpdate",
    "Start", "Type", "ErrorControl", "ImagePath", "ObjectName", "Group",
    "SchUseStrongCrypto", "SystemDefaultTlsVersions", "Publisher",
};
#define NWORDS (sizeof words / sizeof words[0])

static const char *const subnames[] = {
    "Settings", "Policies", "Parameters", "Security", "Components",
    "Microsoft\\Windows\\CurrentVersion", "Sub%02u", "Instance%u", "Cache",
};
#define NSUBNAMES (sizeof subnames / sizeof subnames[0])

/* A few names that are not ASCII (BMP and one outside it). */
static const char *const intl_names[] = {
    "Größe", "Paramètres", "Ключ", "日本語の値", "Ελληνικά", "Emoji 🔑",
};
#define NINTL (sizeof intl_names / sizeof intl_names[0])

static const char *const protocols[] = {
    "SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3",
};
static const char *const ciphers[] = {
    "Ciphers\\RC4 128/128", "Ciphers\\Triple DES 168", "Ciphers\\AES 256/256",
    "Hashes\\SHA256", "Hashes\\MD5", "KeyExchangeAlgorithms\\Diffie-Hellman",
    "KeyExchangeAlgorithms\\PKCS", "KeyExchangeAlgorithms\\ECDH",
};

static void gen_key_path(char *path, size_t size, uint32_t i)
{
    int n;
    switch (i % 16) {
    case 12:
    case 13:
        if (rnd(3))
            n = snprintf(path, size,
                         "HKEY_LOCAL_MACHINE\\SYSTEM\\Bench\\CS%06u\\Control\\"
                         "SecurityProviders\\SCHANNEL\\Protocols\\%s\\%s",
                         i, protocols[rnd(6)], rnd(2) ? "Client" : "Server");
        else
            n = snprintf(path, size,
                         "HKEY_LOCAL_MACHINE\\SYSTEM\\Bench\\CS%06u\\Control\\"
                         "SecurityProviders\\SCHANNEL\\%s",
                         i, ciphers[rnd(8)]);
        return;
    case 14:
        n = snprintf(path, size, "HKEY_CURRENT_USER\\Software\\Bench\\U%06u",
                     i);
        break;
    case 15:
        n = snprintf(path, size,
                     "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\"
                     "v4.0.30319\\Bench%06u", i);
        break;
    default:
        n = snprintf(path, size, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Bench\\K%06u",
                     i);
        break;
    }
    uint32_t depth = rnd(4);
    for (uint32_t d = 0; d < depth && n > 0 && (size_t)n < size - 64; d++) {
        char part[64];
        snprintf(part, sizeof part, subnames[rnd(NSUBNAMES)], rnd(100));
        n += snprintf(path + n, size - (size_t)n, "\\%s", part);
    }
}

/* One [KEY] block with 3..12 values of every kind. */
static void gen_block(gen *g, uint32_t i)
{
    char path[512];
    gen_key_path(path, sizeof path, i);
    emitf(g, "[%s]\r\n", path);
    g->keys++;

    uint32_t nvalues = 3 + rnd(10);
    int have_default = 0;
    for (uint32_t j = 0; j < nvalues; j++) {
        char qname[300];
        uint32_t kind = rnd(20);
        if (kind == 19 && !have_default) {
            snprintf(qname, sizeof qname, "@");
            have_default = 1;
            kind = rnd(2) ? 0 : 6; /* string or dword */
        } else if (kind == 18 && rnd(4) == 0) {
            snprintf(qname, sizeof qname, "\"%s %u\"", intl_names[rnd(NINTL)],
                     j);
            kind = rnd(18);
        } else {
            snprintf(qname, sizeof qname, "\"%s%u\"", words[rnd(NWORDS)], j);
            if (kind >= 18)
                kind = rnd(18);
        }

        unsigned char data[512];
        size_t len = 0;
        if (kind < 6) { /* REG_SZ */
            switch (rnd(5)) {
            case 0:
                emitf(g, "%s=\"C:\\\\Program Files\\\\Bench\\\\app%u.exe\"\r\n",
                      qname, rnd(100000));
                break;
            case 1:
                emitf(g, "%s=\"{%08X-%04X-%04X-%04X-%04X%08X}\"\r\n", qname,
                      rnd(0xffffffffu), rnd(0x10000), rnd(0x10000),
                      rnd(0x10000), rnd(0x10000), rnd(0xffffffffu));
                break;
            case 2:
                emitf(g, "%s=\"Bench component %u, \\\"quoted\\\" text\"\r\n",
                      qname, rnd(1000));
                break;
            case 3:
                emitf(g, "%s=\"\"\r\n", qname);
                break;
            default:
                emitf(g, "%s=\"%u.%u.%u.%u\"\r\n", qname, rnd(20), rnd(10),
                      rnd(30000), rnd(1000));
                break;
            }
            g->values++;
        } else if (kind < 11) { /* REG_DWORD */
            uint32_t v = rnd(4) ? rnd(2) : rnd(0xffffffffu);
            emitf(g, "%s=dword:%08x\r\n", qname, v);
            g->values++;
        } else if (kind < 14) { /* REG_BINARY, often long: wrapped */
            len = 4 + rnd(rnd(4) ? 48 : 400);
            for (size_t k = 0; k < len; k++)
                data[k] = (unsigned char)rnd(256);
            emit_hex(g, qname, REGLINT_REG_BINARY, data, len);
        } else if (kind < 15) { /* REG_EXPAND_SZ */
            char s[128];
            snprintf(s, sizeof s, "%%SystemRoot%%\\System32\\bench%u.dll",
                     rnd(10000));
            put_u16z(data, &len, s);
            emit_hex(g, qname, REGLINT_REG_EXPAND_SZ, data, len);
        } else if (kind < 16) { /* REG_MULTI_SZ */
            uint32_t parts = 1 + rnd(4);
            for (uint32_t k = 0; k < parts; k++) {
                char s[64];
                snprintf(s, sizeof s, "Item%u-%s", rnd(1000), words[rnd(NWORDS)]);
                put_u16z(data, &len, s);
            }
            data[len++] = 0;
            data[len++] = 0;
            emit_hex(g, qname, REGLINT_REG_MULTI_SZ, data, len);
        } else if (kind < 17) { /* REG_QWORD */
            for (size_t k = 0; k < 8; k++)
                data[k] = (unsigned char)rnd(256);
            emit_hex(g, qname, REGLINT_REG_QWORD, data, 8);
        } else { /* other types now and then */
            static const uint32_t types[] = {0, 5, 8, 0x100};
            uint32_t t = types[rnd(4)];
            len = t == 5 ? 4 : rnd(24);
            for (size_t k = 0; k < len; k++)
                data[k] = (unsigned char)rnd(256);
            emit_hex(g, qname, t, data, len);
        }
    }
    emit(g, "\r\n");
}

/* The keys an audit of TLS settings reads, once, in the middle of the
** file: what a scoped read has to find. */
static void gen_audit_keys(gen *g)
{
    static const char *const lines[] = {
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]",
        "\"CurrentMajorVersionNumber\"=dword:0000000a",
        "\"CurrentMinorVersionNumber\"=dword:00000000",
        "\"CurrentBuild\"=\"17763\"",
        "\"ProductName\"=\"Windows Server 2019 Standard\"",
        "\"EditionID\"=\"ServerStandard\"",
        "",
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319]",
        "\"SchUseStrongCrypto\"=dword:00000001",
        "\"SystemDefaultTlsVersions\"=dword:00000001",
        "",
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions]",
        "\"ProductType\"=\"ServerNT\"",
        "",
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\"
        "SCHANNEL\\Protocols\\TLS 1.2\\Client]",
        "\"Enabled\"=dword:00000001",
        "\"DisabledByDefault\"=dword:00000000",
        "",
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\"
        "SCHANNEL\\Protocols\\TLS 1.2\\Server]",
        "\"Enabled\"=dword:00000001",
        "\"DisabledByDefault\"=dword:00000000",
        "",
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\"
        "SCHANNEL\\Protocols\\TLS 1.0\\Server]",
        "\"Enabled\"=dword:00000000",
        "\"DisabledByDefault\"=dword:00000001",
        "",
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        emitf(g, "%s\r\n", lines[i]);
        if (lines[i][0] == '[')
            g->keys++;
        else if (lines[i][0])
            g->values++;
    }
}

/* Does FILE start as this generator writes it (BOM, header, mark)? */
static int current_generator(const char *path)
{
    char want[256];
    unsigned char head[512], got[512];
    snprintf(want, sizeof want,
             "Windows Registry Editor Version 5.00\r\n\r\n%s\r\n",
             BENCH_GEN_MARK);
    size_t n = strlen(want);
    head[0] = 0xff;
    head[1] = 0xfe;
    size_t hn = 2 + test_utf16_encode(want, n, 0, head + 2);
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t r = fread(got, 1, hn, f);
    fclose(f);
    return r == hn && memcmp(got, head, hn) == 0;
}

/* What the generator wrote in this run (0 if the file was reused). */
static uint64_t gen_keys, gen_values;

static int generate(const char *path)
{
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >=
        sizeof tmp) {
        fprintf(stderr, "bench: path too long: %s\n", path);
        return -1;
    }
    gen *g = calloc(1, sizeof *g);
    if (!g)
        return -1;
    g->f = fopen(tmp, "wb");
    if (!g->f) {
        fprintf(stderr, "bench: %s: %s\n", tmp, strerror(errno));
        free(g);
        return -1;
    }
    setvbuf(g->f, NULL, _IONBF, 0); /* we buffer ourselves */
    printf("bench: generating %s (>= %llu bytes, UTF-16LE + BOM, CRLF) ...\n",
           path, (unsigned long long)BENCH_MIN_BYTES);
    fflush(stdout);

    double t0 = now_s();
    g->buf[g->used++] = 0xff;
    g->buf[g->used++] = 0xfe;
    g->bytes = 2;
    emit(g, "Windows Registry Editor Version 5.00\r\n\r\n");
    emit(g, BENCH_GEN_MARK "\r\n\r\n");
    int audit = 0;
    for (uint32_t i = 0; g->bytes < BENCH_MIN_BYTES && !g->failed; i++) {
        if (!audit && g->bytes >= BENCH_MIN_BYTES / 2) {
            gen_audit_keys(g);
            audit = 1;
        }
        gen_block(g, i);
    }
    gen_flush(g);
    int failed = g->failed;
    /* Settle the writeback now, so it does not run during the timings. */
    if (!failed && fsync(fileno(g->f)) != 0)
        failed = 1;
    if (fclose(g->f) != 0)
        failed = 1;
    double t1 = now_s();
    if (failed) {
        fprintf(stderr, "bench: writing %s failed: %s\n", tmp, strerror(errno));
        unlink(tmp);
        free(g);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        fprintf(stderr, "bench: rename %s -> %s: %s\n", tmp, path,
                strerror(errno));
        unlink(tmp);
        free(g);
        return -1;
    }
    printf("bench: generated %" PRIu64 " bytes, %" PRIu64 " key lines, %" PRIu64
           " value lines in %.1f s\n",
           g->bytes, g->keys, g->values, t1 - t0);
    gen_keys = g->keys;
    gen_values = g->values;
    free(g);
    return 0;
}

/* Read the whole file once so both measurements start from a warm cache. */
static void warm_cache(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    static char buf[1 << 16];
    while (read(fd, buf, sizeof buf) > 0)
        ;
    close(fd);
}

/* ------------------------------------------------------------------ */
/* Measurements                                                         */
/* ------------------------------------------------------------------ */

typedef struct child_report {
    int rc;
    int err;
    reglint_reg_info info;
    uint64_t key_count;
    uint64_t diags;
    uint64_t errors;
    double read_s;
    double free_s;
} child_report;

typedef struct measure {
    int ok;
    double wall_s;
    double maxrss_mib;
} measure;

static measure wait_child(pid_t pid, double t0)
{
    measure m = {0, 0, 0};
    int status;
    struct rusage ru;
    pid_t r;
    do
        r = wait4(pid, &status, 0, &ru);
    while (r < 0 && errno == EINTR);
    m.wall_s = now_s() - t0;
    if (r < 0) {
        fprintf(stderr, "bench: wait4: %s\n", strerror(errno));
        return m;
    }
    m.maxrss_mib = (double)ru.ru_maxrss / 1024.0; /* KiB on Linux */
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        m.ok = 1;
    else if (WIFSIGNALED(status))
        fprintf(stderr, "bench: child killed by signal %d\n", WTERMSIG(status));
    else
        fprintf(stderr, "bench: child exited with status %d\n",
                WEXITSTATUS(status));
    return m;
}

static measure run_reglint(const char *path, child_report *rep)
{
    measure m = {0, 0, 0};
    int fds[2];
    memset(rep, 0, sizeof *rep);
    rep->rc = -1;
    if (pipe(fds) != 0) {
        fprintf(stderr, "bench: pipe: %s\n", strerror(errno));
        return m;
    }
    fflush(NULL);
    double t0 = now_s();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "bench: fork: %s\n", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return m;
    }
    if (pid == 0) {
        close(fds[0]);
        child_report r;
        memset(&r, 0, sizeof r);
        reglint_registry *reg = reglint_registry_new();
        reglint_diags *diags = reglint_diags_new();
        if (!reg || !diags)
            _exit(3);
        double a = now_s();
        r.rc = reglint_reg_read_file(reg, path, NULL, diags, &r.info);
        r.err = errno;
        double b = now_s();
        r.key_count = reglint_registry_key_count(reg);
        r.diags = reglint_diags_count(diags);
        r.errors = reglint_diags_count_severity(diags, REGLINT_ERROR);
        for (size_t i = 0; i < r.diags && i < 10; i++)
            reglint_diag_print(reglint_diags_at(diags, i), stderr);
        if (r.rc != 0)
            fprintf(stderr, "bench: reglint_reg_read_file: %s\n",
                    reglint_last_error());
        double c = now_s();
        reglint_registry_free(reg);
        reglint_diags_free(diags);
        r.read_s = b - a;
        r.free_s = now_s() - c;
        ssize_t w = write(fds[1], &r, sizeof r);
        close(fds[1]);
        _exit(w == (ssize_t)sizeof r && r.rc == 0 ? 0 : 1);
    }
    close(fds[1]);
    size_t got = 0;
    while (got < sizeof *rep) {
        ssize_t n = read(fds[0], (char *)rep + got, sizeof *rep - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fds[0]);
    m = wait_child(pid, t0);
    if (got != sizeof *rep) {
        rep->rc = -1;
        m.ok = 0;
    }
    return m;
}

static measure run_iconv(const char *path)
{
    measure m = {0, 0, 0};
    fflush(NULL);
    double t0 = now_s();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "bench: fork: %s\n", strerror(errno));
        return m;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null < 0 || dup2(null, STDOUT_FILENO) < 0)
            _exit(126);
        close(null);
        char *argv[] = {"iconv", "-f", "UTF-16LE", "-t", "UTF-8",
                        (char *)path, NULL};
        execvp(argv[0], argv);
        fprintf(stderr, "bench: cannot run iconv: %s\n", strerror(errno));
        _exit(127);
    }
    return wait_child(pid, t0);
}

int main(int argc, char **argv)
{
    int generate_only = argc == 3 && strcmp(argv[1], "--generate") == 0;
    if (argc != 2 && !generate_only) {
        fprintf(stderr, "usage: %s [--generate] FILE.reg\n", argv[0]);
        return 2;
    }
    const char *path = argv[argc - 1];
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!generate_only)
        printf("bench: reglint %s, reading a big UTF-16LE .reg file\n",
               reglint_version());

    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        (uint64_t)st.st_size < BENCH_MIN_BYTES || !current_generator(path)) {
        if (generate(path) != 0) {
            printf("bench: 0 passed, 1 failed\n");
            return 1;
        }
        if (stat(path, &st) != 0) {
            fprintf(stderr, "bench: %s: %s\n", path, strerror(errno));
            printf("bench: 0 passed, 1 failed\n");
            return 1;
        }
    } else {
        printf("bench: using existing %s\n", path);
    }
    if (generate_only)
        return 0;
    double mb = (double)st.st_size / 1e6;
    warm_cache(path);

    child_report rep;
    measure ml = run_reglint(path, &rep);
    measure mi = run_iconv(path);

    printf("\n");
    printf("file: %s\n", path);
    printf("size: %.1f MB (%lld bytes)\n\n", mb, (long long)st.st_size);
    printf("%-28s %10s %10s %14s\n", "", "seconds", "MB/s", "peak RSS MiB");
    printf("%-28s %10.2f %10.1f %14.1f%s\n", "reglint_reg_read_file",
           ml.wall_s, mb / ml.wall_s, ml.maxrss_mib,
           ml.ok ? "" : "   (FAILED)");
    if (mi.ok)
        printf("%-28s %10.2f %10.1f %14.1f\n", "iconv UTF-16LE -> UTF-8",
               mi.wall_s, mb / mi.wall_s, mi.maxrss_mib);
    else
        printf("%-28s %10s %10s %14s   (iconv failed)\n",
               "iconv UTF-16LE -> UTF-8", "-", "-", "-");
    printf("\n");
    printf("reglint: read %.2f s + free %.2f s inside the child\n", rep.read_s,
           rep.free_s);
    if (mi.ok && ml.ok && ml.wall_s > 0)
        printf("throughput ratio reglint/iconv: %.3f (reglint takes %.2fx "
               "the time of iconv)\n",
               mi.wall_s / ml.wall_s, ml.wall_s / mi.wall_s);
    printf("encoding %s, version %d, %" PRIu64 " lines\n",
           reglint_encoding_name(rep.info.encoding), rep.info.version,
           rep.info.lines);
    printf("keys read: %" PRIu64 " key lines, %" PRIu64 " keys in the model\n",
           rep.info.keys, rep.key_count);
    printf("values read: %" PRIu64 "\n", rep.info.values);
    printf("diagnostics: %" PRIu64 " (%" PRIu64 " errors)\n", rep.diags,
           rep.errors);
    if (rep.diags != 0)
        printf("WARNING: the generated file should read without diagnostics;"
               " got %" PRIu64 " (first ones on stderr)\n", rep.diags);
    if (gen_keys && (rep.info.keys != gen_keys || rep.info.values != gen_values))
        printf("WARNING: generated %" PRIu64 " key lines and %" PRIu64
               " value lines, read %" PRIu64 " and %" PRIu64 "\n",
               gen_keys, gen_values, rep.info.keys, rep.info.values);
    if (rep.info.encoding != REGLINT_ENC_UTF16LE || rep.info.version != 5)
        printf("WARNING: expected UTF-16LE, version 5\n");

    int ok = ml.ok && rep.rc == 0;
    printf("\nbench: %d passed, %d failed\n", ok, !ok);
    return ok ? 0 : 1;
}
