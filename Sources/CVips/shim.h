#ifndef CASEBOOK_CVIPS_SHIM_H
#define CASEBOOK_CVIPS_SHIM_H
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <vips/vips.h>
#ifdef __clang__
// The table's fields are _Nonnull (filled by the loader); the rest of the header does not say.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wnullability-completeness"
#else
#define _Nonnull
#endif

// libvips (and the ~100 libraries it brings: codecs, cairo, poppler...) is not linked into
// casebook: loading it costs every command milliseconds at start-up, and only
// `cases import --media`, media checks and the media tests use it. `casebook_vips_open` loads
// it with dlopen on first use and fills a table with the functions used (`CasebookVips`; the
// declarations come from libvips's headers as usual, so every call is type-checked). Only
// glib's headers are needed to compile this (the target's pkg-config is glib-2.0's).
#define CASEBOOK_VIPS_FUNCTIONS(X) \
    X(vips_version) X(vips_init) X(vips_cache_set_max) X(vips_error_buffer) X(vips_error_clear) \
    X(vips_image_get_width) X(vips_image_get_height) X(vips_image_hasalpha) X(vips_image_get_fields) \
    X(vips_image_set_blob_copy) X(vips_image_new_from_buffer) X(vips_image_new_from_memory_copy) \
    X(vips_image_copy_memory) X(vips_image_guess_interpretation) X(vips_thumbnail_buffer) X(vips_thumbnail_image) \
    X(vips_autorot) X(vips_colourspace) X(vips_cast) X(vips_gaussblur) X(vips_flatten) X(vips_array_double_new) \
    X(vips_area_unref) X(vips_jpegsave_buffer) X(vips_pngsave_buffer) X(vips_black) X(vips_linear1) X(vips_avg) \
    X(g_object_unref) X(g_free) X(g_strfreev)

typedef struct CasebookVips {
#define CASEBOOK_VIPS_FIELD(f) __typeof__(f) *_Nonnull f;
    CASEBOOK_VIPS_FUNCTIONS(CASEBOOK_VIPS_FIELD)
#undef CASEBOOK_VIPS_FIELD
} CasebookVips;

// Loads libvips (the ABI these headers describe: libvips.so.<current - age>), fills `api`,
// starts libvips (VIPS_INIT's ABI check, then vips_init) and turns its operation cache off:
// every image is decoded once and never asked for again, so cached pipelines would only hold
// memory. 0, or -1 with the reason in `error`. It stays loaded for the life of the process.
static inline int casebook_vips_open(CasebookVips *api, char *error, size_t size) {
    char name[32];
    snprintf(name, sizeof name, "libvips.so.%d", VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE);
    void *lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!lib) { snprintf(error, size, "%s", dlerror()); return -1; }
    void *p;
    // dlsym on libvips's handle also finds the glib and gobject functions it depends on.
#define CASEBOOK_VIPS_LOAD(f) \
    if (!(p = dlsym(lib, #f))) { snprintf(error, size, "%s has no %s", name, #f); return -1; } \
    memcpy(&api->f, &p, sizeof p);
    CASEBOOK_VIPS_FUNCTIONS(CASEBOOK_VIPS_LOAD)
#undef CASEBOOK_VIPS_LOAD
    int abi = api->vips_version(3) - api->vips_version(5);
    if (abi != VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE) {
        snprintf(error, size, "%s has ABI version %d, casebook was built for %d", name, abi, VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE);
        return -1;
    }
    if (api->vips_init("casebook") != 0) {
        snprintf(error, size, "vips_init failed: %s", api->vips_error_buffer());
        return -1;
    }
    api->vips_cache_set_max(0);
    return 0;
}

// Every libvips operation takes its optional arguments as a NULL-terminated variadic list,
// which Swift cannot call: each wrapper below fixes the options one call site needs, and
// calls through the table.

// Reads the header only (pixels are decoded on first use); fail_on=truncated makes a
// truncated or corrupt file an error instead of a grey bottom half.
static inline VipsImage *casebook_vips_load(const CasebookVips *v, const void *buf, size_t len) {
    return v->vips_image_new_from_buffer(buf, len, "", "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
}
// Decodes, rotates upright from the EXIF orientation and shrinks (never enlarges) to fit a
// size x size box in one pass, with shrink-on-load: a JPEG or WebP is decoded straight at a
// fraction of its size (a 12-megapixel JPEG at 2000 x 1500 for 1600 px) instead of in full.
// fail_on=truncated as in casebook_vips_load. The buffer must outlive the image's pixels.
static inline int casebook_vips_thumbnail_buffer(const CasebookVips *v, const void *buf, size_t len, VipsImage **out, int size) {
    return v->vips_thumbnail_buffer((void *)buf, len, out, size, "height", size, "size", VIPS_SIZE_DOWN,
                                    "option_string", "fail_on=truncated", NULL);
}
// Computes every pixel into memory (0, or -1 with the error in the buffer), so the sizes made
// from it do not run the pipeline before it again.
static inline int casebook_vips_copy_memory(const CasebookVips *v, VipsImage *in, VipsImage **out) {
    *out = v->vips_image_copy_memory(in);
    return *out ? 0 : -1;
}
// Rotates upright from the EXIF orientation (and drops the orientation tag).
static inline int casebook_vips_autorot(const CasebookVips *v, VipsImage *in, VipsImage **out) { return v->vips_autorot(in, out, NULL); }
// To sRGB (CMYK and 16-bit images become 8-bit sRGB; greyscale stays greyscale).
static inline int casebook_vips_srgb(const CasebookVips *v, VipsImage *in, VipsImage **out) {
    return v->vips_colourspace(in, out, v->vips_image_guess_interpretation(in) == VIPS_INTERPRETATION_B_W ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB, NULL);
}
// To 8 bits per band.
static inline int casebook_vips_uchar(const CasebookVips *v, VipsImage *in, VipsImage **out) { return v->vips_cast(in, out, VIPS_FORMAT_UCHAR, NULL); }
// Shrinks (never enlarges) to fit a size x size box.
static inline int casebook_vips_fit(const CasebookVips *v, VipsImage *in, VipsImage **out, int size) {
    return v->vips_thumbnail_image(in, out, size, "height", size, "size", VIPS_SIZE_DOWN, "no_rotate", TRUE, NULL);
}
static inline int casebook_vips_blur(const CasebookVips *v, VipsImage *in, VipsImage **out, double sigma) { return v->vips_gaussblur(in, out, sigma, NULL); }
// Flattens alpha onto white.
static inline int casebook_vips_flatten_white(const CasebookVips *v, VipsImage *in, VipsImage **out) {
    double white[1] = {255.0};
    VipsArrayDouble *bg = v->vips_array_double_new(white, 1);
    int r = v->vips_flatten(in, out, "background", bg, NULL);
    v->vips_area_unref(VIPS_AREA(bg));
    return r;
}
// Writes without any metadata: strip drops EXIF, XMP, IPTC, ICC, comments and PNG text.
static inline int casebook_vips_jpeg(const CasebookVips *v, VipsImage *in, void **buf, size_t *len) {
    return v->vips_jpegsave_buffer(in, buf, len, "Q", 85, "strip", TRUE, "optimize_coding", TRUE, NULL);
}
static inline int casebook_vips_png(const CasebookVips *v, VipsImage *in, void **buf, size_t *len) {
    return v->vips_pngsave_buffer(in, buf, len, "strip", TRUE, NULL);
}
// Test only: writes a JPEG keeping its metadata (to plant EXIF/GPS in fixtures).
static inline int casebook_vips_jpeg_keep(const CasebookVips *v, VipsImage *in, void **buf, size_t *len) {
    return v->vips_jpegsave_buffer(in, buf, len, "Q", 90, NULL);
}
static inline int casebook_vips_png_keep(const CasebookVips *v, VipsImage *in, void **buf, size_t *len) {
    return v->vips_pngsave_buffer(in, buf, len, NULL);
}
// A black image of the given size (test fixtures), and a uniform colour image.
static inline int casebook_vips_black(const CasebookVips *v, VipsImage **out, int w, int h, int bands) { return v->vips_black(out, w, h, "bands", bands, NULL); }
static inline int casebook_vips_linear1(const CasebookVips *v, VipsImage *in, VipsImage **out, double a, double b) { return v->vips_linear1(in, out, a, b, NULL); }
// Reads every pixel (a full decode), for checks that a file decodes to the end.
static inline int casebook_vips_avg(const CasebookVips *v, VipsImage *in, double *out) { return v->vips_avg(in, out, NULL); }
#ifdef __clang__
#pragma clang diagnostic pop
#endif
#endif
