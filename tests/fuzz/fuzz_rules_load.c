/*
** fuzz_rules_load.c — libFuzzer harness for the rule-file loader
** (rules_load.c) and, through the rules a file defines, the evaluator
** (rules_eval.c, rules_builtin.c, schannel.c) and the reports (report*.c).
**
** The input is a rule file (reglint-rules(5)).  For each input:
**   1. reglint_rules_load_buffer of the input into a rule set that holds
**      the built-in packs.  It must either add its rules with no error
**      diagnostic, or add nothing with at least one error diagnostic that
**      has a line and a column (reglint-rules(5), ERRORS);
**   2. if it loaded: every rule through the public accessors
**      (reglint_rules_at, _find, _profiles); reglint_rules_scope for
**      --profile all; a view over a small fixed .reg file (SCHANNEL with
**      near-miss names, wrong types and 0xffffffff, two control sets,
**      .NET, WinHTTP, CBS packages, certificate stores, SQL Server
**      instances; written once into a memory file) loaded through that
**      scope, and reglint_check with --profile all on it and on the same
**      file loaded whole: the verdicts must be the same (fuzz_check.h);
**      and once more on the whole view as another machine: the OS facts
**      unknown, Windows 7 x86, Server 2008 SP2 or Windows 11 ARM64 (by the
**      input's size), so that applies, absent cases and the default table
**      meet other builds, roles and architectures;
**   3. the results written as text (with and without colour), JUnit and
**      JSON, and the info page as text and JSON (fuzz_check.h): the JSON
**      documents must parse as strict UTF-8 JSON, the JUnit XML must hold
**      only characters XML 1.0 allows.  The input may replace the
**      Schannel default table, which the info page's protocol matrix
**      reads.
** A violated expectation calls abort(), so libFuzzer keeps the input.
**
** Rule sets cannot be copied, and loading the built-in packs takes 5 ms
** (35 ms in the fuzzing build: 22 inputs a second, most of the time spent
** there).  A refused file leaves the set as it was (the loader compiles
** into scratch memory first; step 1 checks the count), so the set is kept
** across inputs until a file loads into it, and then loaded afresh for
** the next input.  Each input is thus run on a set that holds exactly the
** built-in packs, as a replay of it alone is.
**
** Build: CC=clang meson setup build-fuzz -Dfuzzing=true
** Run:   build-fuzz/tests/fuzz/fuzz_rules_load -dict=tests/fuzz/rules.dict
**            CORPUS (a copy of tests/fuzz/seeds-rules)
*/
#define FZ_NAME "fuzz_rules_load"
#include "fuzz_check.h"

/* Rule files are small, and libFuzzer makes none longer than its -max_len
** (the longest seed); the test fuzz-rules-stress also runs big generated
** files (gen_rules_stress.c) that once took minutes. */
#define FUZZ_MAX_INPUT (4u << 20)

#define SCH "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\" \
            "SecurityProviders\\SCHANNEL"
#define SCH2 "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\" \
             "SecurityProviders\\SCHANNEL"
#define SW "[HKEY_LOCAL_MACHINE\\SOFTWARE\\"

/* The fixed machine the rules are checked on: Server 2012 R2, 64-bit,
** with something for every kind of test and builtin to find.  In pieces:
** ISO C promises string literals of up to 4095 bytes only. */
static const char *const sample_reg[] = {
    "Windows Registry Editor Version 5.00\r\n\r\n",
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n"
    "\"Current\"=dword:00000001\r\n"
    "\"Default\"=dword:00000001\r\n"
    "\"LastKnownGood\"=dword:00000002\r\n\r\n",
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\ProductOptions]\r\n"
    "\"ProductType\"=\"ServerNT\"\r\n\r\n",
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Session Manager\\"
    "Environment]\r\n"
    "\"PROCESSOR_ARCHITECTURE\"=\"AMD64\"\r\n\r\n",
    SCH "\\Protocols\\TLS 1.2\\Client]\r\n"
    "\"Enabled\"=dword:00000001\r\n"
    "\"DisabledByDefault\"=dword:00000000\r\n\r\n",
    SCH "\\Protocols\\TLS 1.2\\Server]\r\n"
    "\"Enabled\"=dword:ffffffff\r\n"
    "\"DisabledByDefault\"=dword:00000001\r\n\r\n",
    SCH "\\Protocols\\TLS 1.1\\Client]\r\n"
    "\"Enabled\"=\"1\"\r\n"
    "\"DisabledByDefault\"=hex(b):00,00,00,00,00,00,00,00\r\n\r\n",
    SCH "\\Protocols\\TLS 1.0\\Server]\r\n"
    "\"Enabled\"=dword:00000000\r\n"
    "\"DisabledByDefault\"=dword:00000000\r\n\r\n",
    SCH "\\Protocols\\SSL 3.0\\Server]\r\n"
    "\"Enabled\"=dword:00000000\r\n"
    "\"DisabledByDefault\"=dword:00000001\r\n\r\n",
    SCH "\\Protocols\\SSL 3\\Server]\r\n"
    "\"Enabled\"=dword:00000000\r\n\r\n",
    SCH "\\Protocols\\TLS1.2\\Clients]\r\n"
    "\"Enable\"=dword:00000001\r\n"
    "\"DisableByDefault\"=dword:00000000\r\n\r\n",
    SCH "\\Protocols\\TLS 1.3\\Server]\r\n"
    "\"Enabled\"=hex:01,00\r\n"
    "\"EnableEarlyData\"=dword:00000001\r\n\r\n",
    SCH "\\Ciphers\\RC4 128/128]\r\n"
    "\"Enabled\"=dword:00000000\r\n\r\n",
    SCH "\\Ciphers\\Triple DES 168]\r\n"
    "\"Enabled\"=dword:ffffffff\r\n\r\n",
    SCH "\\Hashes\\MD5]\r\n"
    "\"Enabled\"=dword:00000000\r\n\r\n",
    SCH "\\KeyExchangeAlgorithms\\Diffie-Hellman]\r\n"
    "\"ServerMinKeyBitLength\"=dword:00000400\r\n\r\n",
    SCH2 "\\Protocols\\TLS 1.2\\Client]\r\n"
    "\"Enabled\"=dword:00000000\r\n\r\n",
    SW "Microsoft\\Windows NT\\CurrentVersion]\r\n"
    "\"CurrentVersion\"=\"6.3\"\r\n"
    "\"CurrentBuild\"=\"9600\"\r\n"
    "\"UBR\"=dword:00004f6b\r\n"
    "\"EditionID\"=\"ServerStandard\"\r\n"
    "\"ProductName\"=\"Windows Server 2012 R2 Standard\"\r\n\r\n",
    SW "Microsoft\\.NETFramework\\v4.0.30319]\r\n"
    "\"SchUseStrongCrypto\"=dword:00000001\r\n"
    "\"SystemDefaultTlsVersions\"=dword:00000002\r\n\r\n",
    SW "Microsoft\\.NETFramework\\v2.0.50727]\r\n"
    "\"SchUseStrongCrypt\"=dword:00000001\r\n\r\n",
    SW "WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319]\r\n"
    "\"SchUseStrongCrypto\"=hex(b):01,00,00,00,00,00,00,00\r\n\r\n",
    SW "Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp]\r\n"
    "\"DefaultSecureProtocols\"=dword:00000a80\r\n\r\n",
    SW "WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\"
    "WinHttp]\r\n"
    "\"DefaultSecureProtocol\"=dword:00000800\r\n\r\n",
    SW "Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\"
    "Packages\\Package_for_KB3140245~31bf3856ad364e35~amd64~~6.1.1.2]\r\n"
    "\"CurrentState\"=dword:00000070\r\n\r\n",
    SW "Microsoft\\SystemCertificates\\ROOT\\Certificates\\"
    "DF3C24F9BFD666761B268073FE06D1CC8D4F82A4]\r\n"
    "\"Blob\"=hex:00\r\n\r\n",
    SW "Microsoft\\SystemCertificates\\Disallowed\\Certificates\\"
    "0000000000000000000000000000000000000000]\r\n\r\n",
    SW "Policies\\Microsoft\\SystemCertificates\\AuthRoot]\r\n"
    "\"DisableRootAutoUpdate\"=dword:00000001\r\n\r\n",
    SW "Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002]\r\n"
    "\"Functions\"=\"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,"
    "TLS_RSA_WITH_RC4_128_SHA\"\r\n\r\n",
    SW "Microsoft\\Microsoft SQL Server\\Instance Names\\SQL]\r\n"
    "\"MSSQLSERVER\"=\"MSSQL11.MSSQLSERVER\"\r\n"
    "\"OTHER\"=\"MSSQL12.OTHER\"\r\n\r\n",
    SW "Microsoft\\Microsoft SQL Server\\MSSQL11.MSSQLSERVER\\MSSQLServer\\"
    "CurrentVersion]\r\n"
    "\"CurrentVersion\"=\"11.0.6020.0\"\r\n\r\n",
    SW "Microsoft\\Microsoft SQL Server\\MSSQL12.OTHER\\Setup]\r\n"
    "\"PatchLevel\"=\"12.0.4100.1\"\r\n\r\n",
    SW "WOW6432Node\\Microsoft\\Microsoft SQL Server\\Instance Names\\SQL]\r\n"
    "\"SQLEXPRESS\"=\"MSSQL10_50.SQLEXPRESS\"\r\n\r\n"
};

static char sample_path[64];
static reglint_view *whole_view;
static reglint_os whole_os;
/* The other machines: unknown, then --os specs. */
static const char *const other_specs[] = {NULL, "7/x86", "2008sp2",
                                          "11/arm64"};
#define NOTHER (sizeof other_specs / sizeof *other_specs)
static reglint_os other_os[NOTHER];

static void init(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        abort();
    for (size_t i = 0; i < sizeof sample_reg / sizeof *sample_reg; i++)
        fputs(sample_reg[i], mem);
    if (fclose(mem) != 0)
        abort();
    (void)fz_memfd("fuzz-rules-sample", text, len, sample_path,
                   sizeof sample_path);
    free(text);
    whole_view = fz_view(sample_path, NULL, &whole_os);
    reglint_view *empty = reglint_view_new(NULL);
    if (!empty)
        abort();
    for (size_t i = 0; i < NOTHER; i++)
        if (reglint_os_read(empty, &other_os[i]) != 0 ||
            (other_specs[i] &&
             reglint_os_override(&other_os[i], other_specs[i]) != 0))
            fz_fail("cannot make the other machines' OS facts",
                    other_specs[i]);
    reglint_view_free(empty);
}

/* Each loaded rule through the accessors. */
static void walk_rules(const reglint_rules *rs)
{
    size_t n = reglint_rules_count(rs);
    for (size_t i = 0; i < n; i++) {
        const reglint_rule_info *ri = reglint_rules_at(rs, i);
        if (!ri || !ri->id || !ri->title || !ri->file || !ri->text)
            fz_fail("a rule without id, title, file or text", NULL);
        if (reglint_rules_find(rs, ri->id) != ri)
            fz_fail("reglint_rules_find(id) does not find the rule", ri->id);
        if (ri->severity < REGLINT_LEVEL_INFO ||
            ri->severity > REGLINT_LEVEL_ERROR)
            fz_fail("a rule with an unknown severity", ri->id);
        for (size_t j = 0; j < ri->nprofiles; j++)
            if (!ri->profiles[j])
                fz_fail("a NULL profile name", ri->id);
        for (size_t j = 0; j < ri->nrefs; j++)
            if (!ri->refs[j])
                fz_fail("a NULL reference", ri->id);
    }
    if (reglint_rules_at(rs, n) != NULL)
        fz_fail("reglint_rules_at past the end is not NULL", NULL);
    size_t np = 0;
    const char *const *p = reglint_rules_profiles(rs, &np);
    /* Each check scans the list: a few are enough (a file may bring
    ** 200000 profiles). */
    for (size_t i = 0; i < np && i < 16; i++) {
        if (!p[i])
            fz_fail("a NULL profile in the profile list", NULL);
        const char *one[] = {p[i]};
        reglint_check_options co = {one, 1};
        if (reglint_rules_check_profiles(rs, &co) != 0)
            fz_fail("a listed profile is refused", p[i]);
    }
    size_t nprot = 0;
    const char *const *prot = reglint_protocols(rs, &nprot);
    for (size_t i = 0; i < nprot; i++) {
        reglint_protocol_eval pe;
        if (!prot[i])
            fz_fail("a NULL protocol name", NULL);
        for (int role = 0; role < 2; role++)
            if (reglint_protocol_effective(rs, whole_view, &whole_os,
                                           prot[i],
                                           role ? "Server" : "client",
                                           &pe) != 0)
                fz_fail("reglint_protocol_effective refuses a protocol of "
                        "the table", prot[i]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return -1; /* not added to the corpus */
    if (!whole_view)
        init();

    static reglint_rules *builtin; /* the built-in packs and nothing else */
    reglint_diags *d = reglint_diags_new();
    if (!d)
        abort();
    if (!builtin) {
        if (!(builtin = reglint_rules_new()))
            abort();
        if (reglint_rules_load_builtin(builtin, d) != 0 ||
            reglint_diags_count(d))
            fz_fail("the built-in packs do not load", reglint_last_error());
    }
    reglint_rules *rs = builtin;
    size_t before = reglint_rules_count(rs);
    errno = 0;
    int rc = reglint_rules_load_buffer(rs, "fuzz.yaml", (const char *)data,
                                       size, d);
    fz_diags(d);
    if (rc != 0) {
        if (errno == ENOMEM)
            goto fresh; /* may have registered a profile name */
        if (reglint_diags_count_severity(d, REGLINT_ERROR) == 0)
            fz_fail("a refused file without an error diagnostic",
                    reglint_last_error());
        if (reglint_rules_count(rs) != before)
            fz_fail("a refused file added rules", NULL);
        for (size_t i = 0; i < reglint_diags_count(d); i++) {
            const reglint_diag *g = reglint_diags_at(d, i);
            if (strcmp(g->file, "fuzz.yaml") != 0 || g->line == 0 ||
                g->column == 0)
                fz_fail("a rule-file error without file:line:col",
                        g->message);
        }
        goto out;
    }
    if (reglint_diags_count_severity(d, REGLINT_ERROR) != 0)
        fz_fail("a loaded file with error diagnostics", NULL);
    walk_rules(rs);

    reglint_scope *scope = reglint_scope_new();
    if (!scope)
        abort();
    if (reglint_rules_scope(rs, &fz_all_opts, scope) != 0) {
        if (errno != ENOMEM)
            fz_fail("reglint_rules_scope failed", reglint_last_error());
    } else {
        reglint_os os;
        reglint_view *v = fz_view(sample_path, scope, &os);
        reglint_results *scoped = fz_check(rs, v, &os);
        reglint_results *whole = fz_check(rs, whole_view, &whole_os);
        fz_same(whole, scoped);
        fz_reports(scoped, v, &os, rs);
        fz_fix(rs, scoped, v, &os, sample_path, scope, 0);
        reglint_results_free(whole);
        const reglint_os *oos = &other_os[size % NOTHER];
        reglint_results *other = fz_check(rs, whole_view, oos);
        fz_reports(other, whole_view, oos, rs);
        reglint_results_free(other);
        reglint_results_free(scoped);
        reglint_view_free(v);
    }
    reglint_scope_free(scope);
fresh:
    /* The file's rules are in the set now: the next input gets a new one. */
    reglint_rules_free(rs);
    builtin = NULL;
out:
    reglint_diags_free(d);
    return 0;
}
