#ifndef CASEBOOK_CVIPS_SHIM_H
#define CASEBOOK_CVIPS_SHIM_H
#include <vips/vips.h>

// Every libvips operation takes its optional arguments as a NULL-terminated variadic list,
// which Swift cannot call: each wrapper below fixes the options one call site needs.

// Reads the header only (pixels are decoded on first use); fail_on=truncated makes a
// truncated or corrupt file an error instead of a grey bottom half.
static inline VipsImage *casebook_vips_load(const void *buf, size_t len) {
    return vips_image_new_from_buffer(buf, len, "", "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
}
// Decodes, rotates upright from the EXIF orientation and shrinks (never enlarges) to fit a
// size x size box in one pass, with shrink-on-load: a JPEG or WebP is decoded straight at a
// fraction of its size (a 12-megapixel JPEG at 2000 x 1500 for 1600 px) instead of in full.
// fail_on=truncated as in casebook_vips_load. The buffer must outlive the image's pixels.
static inline int casebook_vips_thumbnail_buffer(const void *buf, size_t len, VipsImage **out, int size) {
    return vips_thumbnail_buffer((void *)buf, len, out, size, "height", size, "size", VIPS_SIZE_DOWN,
                                 "option_string", "fail_on=truncated", NULL);
}
// Computes every pixel into memory (0, or -1 with the error in the buffer), so the sizes made
// from it do not run the pipeline before it again.
static inline int casebook_vips_copy_memory(VipsImage *in, VipsImage **out) {
    *out = vips_image_copy_memory(in);
    return *out ? 0 : -1;
}
// Rotates upright from the EXIF orientation (and drops the orientation tag).
static inline int casebook_vips_autorot(VipsImage *in, VipsImage **out) { return vips_autorot(in, out, NULL); }
// To sRGB (CMYK and 16-bit images become 8-bit sRGB; greyscale stays greyscale).
static inline int casebook_vips_srgb(VipsImage *in, VipsImage **out) {
    return vips_colourspace(in, out, vips_image_guess_interpretation(in) == VIPS_INTERPRETATION_B_W ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB, NULL);
}
// To 8 bits per band.
static inline int casebook_vips_uchar(VipsImage *in, VipsImage **out) { return vips_cast(in, out, VIPS_FORMAT_UCHAR, NULL); }
// Shrinks (never enlarges) to fit a size x size box.
static inline int casebook_vips_fit(VipsImage *in, VipsImage **out, int size) {
    return vips_thumbnail_image(in, out, size, "height", size, "size", VIPS_SIZE_DOWN, "no_rotate", TRUE, NULL);
}
static inline int casebook_vips_blur(VipsImage *in, VipsImage **out, double sigma) { return vips_gaussblur(in, out, sigma, NULL); }
// Flattens alpha onto white.
static inline int casebook_vips_flatten_white(VipsImage *in, VipsImage **out) {
    double white[1] = {255.0};
    VipsArrayDouble *bg = vips_array_double_new(white, 1);
    int r = vips_flatten(in, out, "background", bg, NULL);
    vips_area_unref(VIPS_AREA(bg));
    return r;
}
// Writes without any metadata: strip drops EXIF, XMP, IPTC, ICC, comments and PNG text.
static inline int casebook_vips_jpeg(VipsImage *in, void **buf, size_t *len) {
    return vips_jpegsave_buffer(in, buf, len, "Q", 85, "strip", TRUE, "optimize_coding", TRUE, NULL);
}
static inline int casebook_vips_png(VipsImage *in, void **buf, size_t *len) {
    return vips_pngsave_buffer(in, buf, len, "strip", TRUE, NULL);
}
// Test only: writes a JPEG keeping its metadata (to plant EXIF/GPS in fixtures).
static inline int casebook_vips_jpeg_keep(VipsImage *in, void **buf, size_t *len) {
    return vips_jpegsave_buffer(in, buf, len, "Q", 90, NULL);
}
static inline int casebook_vips_png_keep(VipsImage *in, void **buf, size_t *len) {
    return vips_pngsave_buffer(in, buf, len, NULL);
}
// A black image of the given size (test fixtures), and a uniform colour image.
static inline int casebook_vips_black(VipsImage **out, int w, int h, int bands) { return vips_black(out, w, h, "bands", bands, NULL); }
static inline int casebook_vips_linear1(VipsImage *in, VipsImage **out, double a, double b) { return vips_linear1(in, out, a, b, NULL); }
// Reads every pixel (a full decode), for checks that a file decodes to the end.
static inline int casebook_vips_avg(VipsImage *in, double *out) { return vips_avg(in, out, NULL); }
// The VIPS_INIT macro, as a function; and no operation cache: every image is decoded once
// and never asked for again, so cached pipelines would only hold memory.
static inline int casebook_vips_init(void) {
    int r = VIPS_INIT("casebook");
    vips_cache_set_max(0);
    return r;
}
static inline void casebook_vips_unref(VipsImage *image) { g_object_unref(image); }
#endif
