#ifndef CASEBOOK_CCMARKGFM_SHIM_H
#define CASEBOOK_CCMARKGFM_SHIM_H

#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>

// CMARK_OPT_* are #defines of shifted values; Swift imports simple integer macros but
// not all shifted ones reliably, so expose the ones Casebook uses as constants.
static const int casebook_cmark_opt_sourcepos = CMARK_OPT_SOURCEPOS;
static const int casebook_cmark_opt_validate_utf8 = CMARK_OPT_VALIDATE_UTF8;
static const int casebook_cmark_opt_github_pre_lang = CMARK_OPT_GITHUB_PRE_LANG;
static const int casebook_cmark_opt_strikethrough_double_tilde = CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;

#endif
