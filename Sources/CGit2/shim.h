#ifndef CASEBOOK_CGIT2_SHIM_H
#define CASEBOOK_CGIT2_SHIM_H
#include <git2.h>

/// Turns libgit2's check of every object's hash as it is read on or off. A shim because
/// `git_libgit2_opts` is variadic, which Swift cannot call.
static inline int casebook_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

#endif
