/* report_junit.c — (being written) */
#include "rules_model.h"
