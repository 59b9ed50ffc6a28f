#ifndef CASEBOOK_CFFMPEG_SHIM_H
#define CASEBOOK_CFFMPEG_SHIM_H
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/sha.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>

// AVERROR(e) and AVERROR_EOF are macros Swift cannot import.
static inline int casebook_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int casebook_averror_eof(void) { return AVERROR_EOF; }
#endif
