#ifndef CASEBOOK_CFFMPEG_SHIM_H
#define CASEBOOK_CFFMPEG_SHIM_H
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>
#ifdef __clang__
// The tables' fields are _Nonnull (filled by the loader); the rest of the header does not say.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wnullability-completeness"
#else
#define _Nonnull
#endif

// FFmpeg's libraries (and the ~60 codec libraries they bring) are not linked into casebook:
// loading them costs every command tens of milliseconds at start-up, and only
// `cases import --media` and the media tests use them. `casebook_ffmpeg_open` loads them with
// dlopen on first use and fills a table with the functions used (`CasebookFFmpeg`; the
// declarations come from FFmpeg's headers as usual, so every call is type-checked).
#define CASEBOOK_FFMPEG_FUNCTIONS(X) \
    X(av_strerror) X(av_free) X(av_log_set_level) \
    X(av_dict_set) X(av_frame_alloc) X(av_frame_free) X(av_frame_get_buffer) X(av_frame_make_writable) \
    X(av_packet_alloc) X(av_packet_free) X(av_packet_unref) X(av_packet_rescale_ts) \
    X(avformat_open_input) X(avformat_close_input) X(avformat_find_stream_info) X(avformat_alloc_output_context2) \
    X(avformat_free_context) X(avformat_new_stream) X(avformat_write_header) X(av_read_frame) \
    X(av_interleaved_write_frame) X(av_write_trailer) X(avio_open) X(avio_closep) \
    X(avcodec_get_name) X(avcodec_parameters_copy) X(avcodec_find_decoder) X(avcodec_find_encoder) \
    X(avcodec_find_encoder_by_name) X(avcodec_alloc_context3) X(avcodec_free_context) X(avcodec_parameters_to_context) \
    X(avcodec_parameters_from_context) X(avcodec_open2) X(avcodec_send_packet) X(avcodec_receive_frame) \
    X(avcodec_send_frame) X(avcodec_receive_packet) \
    X(sws_getContext) X(sws_freeContext) X(sws_scale_frame)

typedef struct CasebookFFmpeg {
#define CASEBOOK_FFMPEG_FIELD(f) __typeof__(f) *_Nonnull f;
    CASEBOOK_FFMPEG_FUNCTIONS(CASEBOOK_FFMPEG_FIELD)
#undef CASEBOOK_FFMPEG_FIELD
} CasebookFFmpeg;

// Loads libavutil, libavcodec, libavformat and libswscale (the major versions these headers
// describe) and fills `api`; 0, or -1 with the reason in `error`. They stay loaded for the
// life of the process.
static inline int casebook_ffmpeg_open(CasebookFFmpeg *api, char *error, size_t size) {
    static const char *const names[] = {
        "libavutil.so." AV_STRINGIFY(LIBAVUTIL_VERSION_MAJOR), "libavcodec.so." AV_STRINGIFY(LIBAVCODEC_VERSION_MAJOR),
        "libavformat.so." AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR), "libswscale.so." AV_STRINGIFY(LIBSWSCALE_VERSION_MAJOR),
    };
    void *libs[4];
    for (int i = 0; i < 4; i++) {
        if (!(libs[i] = dlopen(names[i], RTLD_NOW | RTLD_LOCAL))) { snprintf(error, size, "%s", dlerror()); return -1; }
    }
    void *p;
#define CASEBOOK_FFMPEG_LOAD(f) \
    p = NULL; \
    for (int i = 0; i < 4 && !p; i++) p = dlsym(libs[i], #f); \
    if (!p) { snprintf(error, size, "FFmpeg's libraries have no %s", #f); return -1; } \
    memcpy(&api->f, &p, sizeof p);
    CASEBOOK_FFMPEG_FUNCTIONS(CASEBOOK_FFMPEG_LOAD)
#undef CASEBOOK_FFMPEG_LOAD
    return 0;
}

// AVERROR(e) and AVERROR_EOF are macros Swift cannot import.
static inline int casebook_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int casebook_averror_eof(void) { return AVERROR_EOF; }
#ifdef __clang__
#pragma clang diagnostic pop
#endif
#endif
