import CFFmpeg
import Foundation

// The only file that imports FFmpeg's libraries. Everything leaving it is a Swift value. The
// libraries are not linked: they are loaded with dlopen on first use (`AV.library`; see
// CFFmpeg/shim.h), and every call goes through their function table (`ff`).
// Every context allocated here is freed by `defer` in the function that allocated it.

/// A clip remuxed without metadata, and its first frame as packed RGB.
struct RemuxedClip {
    var bytes: [UInt8]
    var frame: [UInt8]
    var width: Int
    var height: Int
    var seconds: Double
}

enum AV {
    /// FFmpeg's libraries, loaded (dlopen) once, on first use.
    static let library = LoadedLibrary<CasebookFFmpeg>.load({ casebook_ffmpeg_open($0, $1, $2) }) { why in
        "FFmpeg's libraries could not be loaded (\(why)); install them with `make deps` (Debian: libavformat59, libavcodec59, libswscale6)"
    }

    /// The function table, or the error naming `file` when FFmpeg's libraries cannot be had.
    static func api(_ file: String) throws(MediaError) -> CasebookFFmpeg { try library.api(file).pointee }

    static func message(_ ff: CasebookFFmpeg, _ code: Int32) -> String {
        var buf = [CChar](repeating: 0, count: 256)
        ff.av_strerror(code, &buf, buf.count)
        return String(cString: buf)
    }

    /// Probes `path`, checks container, codecs and limits, copies the streams into `output`
    /// without any metadata (no re-encode), and decodes the first video frame.
    static func remux(path: String, file: String, type: MediaType, limits: MediaLimits, output: String) throws(MediaError) -> RemuxedClip {
        let ff = try api(file)
        ff.av_log_set_level(AV_LOG_QUIET)
        var input: UnsafeMutablePointer<AVFormatContext>?
        var r = ff.avformat_open_input(&input, path, nil, nil)
        guard r == 0, let inCtx = input else { throw MediaError(file: file, "does not open as a clip: \(message(ff, r))") }
        defer { ff.avformat_close_input(&input) }
        r = ff.avformat_find_stream_info(inCtx, nil)
        guard r >= 0 else { throw MediaError(file: file, "cannot be read as a clip: \(message(ff, r))") }
        let format = String(cString: inCtx.pointee.iformat.pointee.name)
        let streams = (0..<Int(inCtx.pointee.nb_streams)).compactMap { inCtx.pointee.streams[$0] }
        let allowedVideo: Set<AVCodecID> = type == .mp4 ? [AV_CODEC_ID_H264] : [AV_CODEC_ID_VP8, AV_CODEC_ID_VP9, AV_CODEC_ID_AV1]
        let allowedAudio: Set<AVCodecID> = type == .mp4 ? [AV_CODEC_ID_AAC] : [AV_CODEC_ID_OPUS, AV_CODEC_ID_VORBIS]
        let expectedFormat = type == .mp4 ? "mov,mp4" : "matroska,webm"
        guard format.hasPrefix(expectedFormat) else { throw MediaError(file: file, "is a '\(format)' container, not \(type == .mp4 ? "MP4" : "WebM")") }
        var videoIndex: Int?
        for (i, s) in streams.enumerated() {
            let par = s.pointee.codecpar.pointee
            let name = ff.avcodec_get_name(par.codec_id).map { String(cString: $0) } ?? "unknown"
            switch par.codec_type {
            case AVMEDIA_TYPE_VIDEO:
                guard allowedVideo.contains(par.codec_id) else { throw MediaError(file: file, "has \(name) video; \(type == .mp4 ? "MP4 clips must be H.264" : "WebM clips must be VP8, VP9 or AV1")") }
                guard Int(par.width) * Int(par.height) <= limits.maxPixels else { throw MediaError(file: file, "has \(par.width) x \(par.height) frames, more than the limit of \(limits.maxPixels) pixels") }
                if videoIndex == nil { videoIndex = i }
            case AVMEDIA_TYPE_AUDIO:
                guard allowedAudio.contains(par.codec_id) else { throw MediaError(file: file, "has \(name) audio; \(type == .mp4 ? "MP4 clips must have AAC audio" : "WebM clips must have Opus or Vorbis audio")") }
            default:
                continue // subtitles, data and attachment streams are dropped
            }
        }
        guard let videoIndex else { throw MediaError(file: file, "has no video stream") }
        let seconds = inCtx.pointee.duration > 0 ? Double(inCtx.pointee.duration) / Double(AV_TIME_BASE) : 0
        guard seconds <= limits.maxClipSeconds else { throw MediaError(file: file, "is \(Int(seconds)) s long, longer than the limit of \(Int(limits.maxClipSeconds)) s") }

        // Output: the same streams, copied; no metadata, bit-exact (no encoder version string),
        // so the same input gives byte-identical output.
        var outCtxOpt: UnsafeMutablePointer<AVFormatContext>?
        r = ff.avformat_alloc_output_context2(&outCtxOpt, nil, type == .mp4 ? "mp4" : "webm", output)
        guard r >= 0, let outCtx = outCtxOpt else { throw MediaError(file: file, "cannot prepare the cleaned clip: \(message(ff, r))") }
        defer {
            if outCtx.pointee.pb != nil { ff.avio_closep(&outCtx.pointee.pb) }
            ff.avformat_free_context(outCtx)
        }
        outCtx.pointee.flags |= AVFMT_FLAG_BITEXACT
        var mapping = [Int32](repeating: -1, count: streams.count)
        for (i, s) in streams.enumerated() {
            let kind = s.pointee.codecpar.pointee.codec_type
            guard kind == AVMEDIA_TYPE_VIDEO || kind == AVMEDIA_TYPE_AUDIO, let o = ff.avformat_new_stream(outCtx, nil) else { continue }
            guard let par = o.pointee.codecpar, ff.avcodec_parameters_copy(par, s.pointee.codecpar) >= 0 else { throw MediaError(file: file, "cannot copy a stream") }
            par.pointee.codec_tag = 0
            o.pointee.time_base = s.pointee.time_base
            mapping[i] = o.pointee.index
        }
        r = ff.avio_open(&outCtx.pointee.pb, output, AVIO_FLAG_WRITE)
        guard r >= 0 else { throw MediaError(file: file, "cannot write the cleaned clip: \(message(ff, r))") }
        r = ff.avformat_write_header(outCtx, nil)
        guard r >= 0 else { throw MediaError(file: file, "cannot write the cleaned clip: \(message(ff, r))") }

        // Decoder for the poster frame.
        guard let vpar = streams[videoIndex].pointee.codecpar, let decoder = ff.avcodec_find_decoder(vpar.pointee.codec_id) else { throw MediaError(file: file, "no decoder for its video") }
        var dec = ff.avcodec_alloc_context3(decoder)
        defer { ff.avcodec_free_context(&dec) }
        guard let dec, ff.avcodec_parameters_to_context(dec, vpar) >= 0, ff.avcodec_open2(dec, decoder, nil) >= 0 else {
            throw MediaError(file: file, "cannot open its video decoder")
        }
        var frame = ff.av_frame_alloc()
        defer { ff.av_frame_free(&frame) }
        var packet = ff.av_packet_alloc()
        defer { ff.av_packet_free(&packet) }
        guard let frame, let packet else { throw MediaError(file: file, "out of memory") }
        var poster: (rgb: [UInt8], width: Int, height: Int)?
        while true {
            r = ff.av_read_frame(inCtx, packet)
            if r == casebook_averror_eof() { break }
            guard r >= 0 else { throw MediaError(file: file, "is damaged: \(message(ff, r))") }
            defer { ff.av_packet_unref(packet) }
            let index = Int(packet.pointee.stream_index)
            guard index < mapping.count, mapping[index] >= 0 else { continue }
            if index == videoIndex, poster == nil, ff.avcodec_send_packet(dec, packet) >= 0, ff.avcodec_receive_frame(dec, frame) >= 0 {
                poster = try rgb(ff, frame, file: file)
            }
            let o = outCtx.pointee.streams[Int(mapping[index])]!
            ff.av_packet_rescale_ts(packet, streams[index].pointee.time_base, o.pointee.time_base)
            packet.pointee.stream_index = mapping[index]
            packet.pointee.pos = -1
            r = ff.av_interleaved_write_frame(outCtx, packet)
            guard r >= 0 else { throw MediaError(file: file, "cannot be remuxed: \(message(ff, r))") }
        }
        if poster == nil, ff.avcodec_send_packet(dec, nil) >= 0, ff.avcodec_receive_frame(dec, frame) >= 0 { poster = try rgb(ff, frame, file: file) }
        r = ff.av_write_trailer(outCtx)
        guard r >= 0 else { throw MediaError(file: file, "cannot finish the cleaned clip: \(message(ff, r))") }
        ff.avio_closep(&outCtx.pointee.pb)
        guard let poster else { throw MediaError(file: file, "has no decodable video frame") }
        guard let data = FileManager.default.contents(atPath: output) else { throw MediaError(file: file, "the cleaned clip could not be read back") }
        return RemuxedClip(bytes: [UInt8](data), frame: poster.rgb, width: poster.width, height: poster.height, seconds: seconds)
    }

    /// A decoded frame as packed RGB24 (swscale), same size.
    static func rgb(_ ff: CasebookFFmpeg, _ frame: UnsafeMutablePointer<AVFrame>, file: String) throws(MediaError) -> (rgb: [UInt8], width: Int, height: Int) {
        let w = frame.pointee.width, h = frame.pointee.height
        guard w > 0, h > 0, let sws = ff.sws_getContext(w, h, AVPixelFormat(frame.pointee.format), w, h, AV_PIX_FMT_RGB24, SWS_BILINEAR, nil, nil, nil) else {
            throw MediaError(file: file, "its video frames cannot be converted")
        }
        defer { ff.sws_freeContext(sws) }
        var dst = ff.av_frame_alloc()
        defer { ff.av_frame_free(&dst) }
        guard let dst else { throw MediaError(file: file, "out of memory") }
        dst.pointee.format = AV_PIX_FMT_RGB24.rawValue
        dst.pointee.width = w
        dst.pointee.height = h
        guard ff.av_frame_get_buffer(dst, 0) >= 0, ff.sws_scale_frame(sws, dst, frame) >= 0, let base = dst.pointee.data.0 else {
            throw MediaError(file: file, "its video frames cannot be converted")
        }
        let stride = Int(dst.pointee.linesize.0)
        var out = [UInt8]()
        out.reserveCapacity(Int(w) * Int(h) * 3)
        for row in 0..<Int(h) { out.append(contentsOf: UnsafeBufferPointer(start: base + row * stride, count: Int(w) * 3)) }
        return (out, Int(w), Int(h))
    }
}

// MARK: - Fixtures (tests)

extension AV {
    /// A short H.264 MP4 clip (`frames` frames of `width` x `height`, 25 fps, libx264), with
    /// these container metadata tags (title, location...) written into it.
    static func fixtureClip(width: Int32, height: Int32, frames: Int, metadata: [String: String], path: String) throws(MediaError) -> [UInt8] {
        let file = "fixture"
        let ff = try api(file)
        ff.av_log_set_level(AV_LOG_QUIET)
        guard let codec = ff.avcodec_find_encoder_by_name("libx264") ?? ff.avcodec_find_encoder(AV_CODEC_ID_H264) else { throw MediaError(file: file, "no H.264 encoder") }
        var outOpt: UnsafeMutablePointer<AVFormatContext>?
        guard ff.avformat_alloc_output_context2(&outOpt, nil, "mp4", path) >= 0, let out = outOpt else { throw MediaError(file: file, "no mp4 muxer") }
        defer {
            if out.pointee.pb != nil { ff.avio_closep(&out.pointee.pb) }
            ff.avformat_free_context(out)
        }
        var encOpt = ff.avcodec_alloc_context3(codec)
        defer { ff.avcodec_free_context(&encOpt) }
        guard let enc = encOpt else { throw MediaError(file: file, "out of memory") }
        enc.pointee.width = width
        enc.pointee.height = height
        enc.pointee.time_base = AVRational(num: 1, den: 25)
        enc.pointee.framerate = AVRational(num: 25, den: 1)
        enc.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        enc.pointee.gop_size = 12
        if out.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER != 0 { enc.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
        guard ff.avcodec_open2(enc, codec, nil) >= 0, let stream = ff.avformat_new_stream(out, nil),
              ff.avcodec_parameters_from_context(stream.pointee.codecpar, enc) >= 0 else { throw MediaError(file: file, "cannot open the encoder") }
        stream.pointee.time_base = enc.pointee.time_base
        for (k, v) in metadata.sorted(by: { $0.key < $1.key }) { ff.av_dict_set(&out.pointee.metadata, k, v, 0) }
        guard ff.avio_open(&out.pointee.pb, path, AVIO_FLAG_WRITE) >= 0, ff.avformat_write_header(out, nil) >= 0 else { throw MediaError(file: file, "cannot write") }
        var frameOpt = ff.av_frame_alloc()
        defer { ff.av_frame_free(&frameOpt) }
        var packetOpt = ff.av_packet_alloc()
        defer { ff.av_packet_free(&packetOpt) }
        guard let frame = frameOpt, let packet = packetOpt else { throw MediaError(file: file, "out of memory") }
        frame.pointee.format = AV_PIX_FMT_YUV420P.rawValue
        frame.pointee.width = width
        frame.pointee.height = height
        guard ff.av_frame_get_buffer(frame, 0) >= 0 else { throw MediaError(file: file, "out of memory") }
        func drain() throws(MediaError) {
            while ff.avcodec_receive_packet(enc, packet) >= 0 {
                ff.av_packet_rescale_ts(packet, enc.pointee.time_base, stream.pointee.time_base)
                packet.pointee.stream_index = stream.pointee.index
                guard ff.av_interleaved_write_frame(out, packet) >= 0 else { throw MediaError(file: file, "cannot write a packet") }
            }
        }
        for i in 0..<frames {
            guard ff.av_frame_make_writable(frame) >= 0 else { throw MediaError(file: file, "frame not writable") }
            for plane in 0..<3 {
                let h = plane == 0 ? Int(height) : Int(height) / 2
                let stride = Int(plane == 0 ? frame.pointee.linesize.0 : plane == 1 ? frame.pointee.linesize.1 : frame.pointee.linesize.2)
                guard let base = plane == 0 ? frame.pointee.data.0 : plane == 1 ? frame.pointee.data.1 : frame.pointee.data.2 else { continue }
                for y in 0..<h { for x in 0..<stride { base[y * stride + x] = UInt8(truncatingIfNeeded: plane == 0 ? x + y + i * 3 : 128) } }
            }
            frame.pointee.pts = Int64(i)
            guard ff.avcodec_send_frame(enc, frame) >= 0 else { throw MediaError(file: file, "cannot encode") }
            try drain()
        }
        ff.avcodec_send_frame(enc, nil)
        try drain()
        guard ff.av_write_trailer(out) >= 0 else { throw MediaError(file: file, "cannot finish") }
        ff.avio_closep(&out.pointee.pb)
        guard let data = FileManager.default.contents(atPath: path) else { throw MediaError(file: file, "cannot read back") }
        return [UInt8](data)
    }
}
