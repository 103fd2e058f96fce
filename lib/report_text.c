/* report_text.c — (being written) */
#include "rules_model.h"
