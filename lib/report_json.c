/* report_json.c — (being written) */
#include "rules_model.h"
