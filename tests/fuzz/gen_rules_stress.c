/*
** gen_rules_stress.c — write the rule files that once made the loader or
** the evaluator take minutes (or gigabytes): inputs within every limit of
** reglint-rules(5) (16 MiB, 200000 YAML nodes) whose cost grew with the
** square of their size.  They are too big to keep in git (1 to 1.6 MB
** each), so the build writes them and the test fuzz-rules-stress runs
** fuzz_rules_load over them.  Each took over 100 s before its fix (`reglint
** rules list --rules FILE`, plain build; the test's limit is 60 s), and
** takes a second or less now.
**
**   stress-profiles.yaml     one rule listing 190000 profiles: each was
**                            compared with every earlier one, in the rule
**                            and again in the set's profile list (>120 s);
**   stress-refs.yaml         65000 reference tags and one rule with 65000
**                            refs citing none of them: each ref scanned
**                            every tag (108 s);
**   stress-value-types.yaml  5000 value-types rules and 5000 value tests:
**                            each value-types rule walked every value the
**                            rules read and added it to the scope again
**                            (155 s and 3 GB).
**
** Usage: gen_rules_stress OUTDIR
*/
#include <stdio.h>
#include <stdlib.h>

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    fputs("reglint-rules: 1\n", f);
    return f;
}

static void close_out(FILE *f)
{
    if (ferror(f) || fclose(f) != 0) {
        perror("gen_rules_stress");
        exit(1);
    }
}

#define RULE_HEAD "  - {id: R%d, title: t, severity: info, "
#define VALUE_TEST "test: {key: HKLM\\SOFTWARE\\K%d, value: V}, refs: [r]}\n"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_rules_stress OUTDIR\n");
        return 2;
    }
    const char *dir = argv[1];

    FILE *f = open_out(dir, "stress-profiles.yaml");
    fprintf(f, "rules:\n" RULE_HEAD "profiles: [", 0);
    for (int i = 0; i < 190000; i++)
        fprintf(f, "%sp%d", i ? "," : "", i);
    fprintf(f, "], " VALUE_TEST, 0);
    close_out(f);

    f = open_out(dir, "stress-refs.yaml");
    fputs("references:\n", f);
    for (int i = 0; i < 65000; i++)
        fprintf(f, "  t%05d: d\n", i);
    fprintf(f, "rules:\n" RULE_HEAD "profiles: [p], "
               "test: {key: HKLM\\SOFTWARE\\K, value: V}, refs: [", 0);
    for (int i = 0; i < 65000; i++)
        fprintf(f, "%s'u%05d: x'", i ? "," : "", i);
    fputs("]}\n", f);
    close_out(f);

    f = open_out(dir, "stress-value-types.yaml");
    fputs("rules:\n", f);
    for (int i = 0; i < 5000; i++)
        fprintf(f, RULE_HEAD "profiles: [p], test: {builtin: value-types}, "
                   "refs: [r]}\n", i);
    for (int i = 0; i < 5000; i++)
        fprintf(f, RULE_HEAD "profiles: [p], " VALUE_TEST, 5000 + i, i);
    close_out(f);
    return 0;
}
