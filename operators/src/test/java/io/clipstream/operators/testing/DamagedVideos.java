package io.clipstream.operators.testing;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntPredicate;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Copies a video packet by packet without re-encoding, zeroing the payload of chosen video packets:
 * the container and its index stay intact (every frame is still listed), but those frames cannot be
 * decoded, as after bit rot or a bad transfer.
 */
public final class DamagedVideos {
    private DamagedVideos() {}

    /**
     * @param damaged which video packets, counted in file order from 0, to zero
     * @return how many packets were zeroed
     */
    public static int zeroPackets(Path source, Path out, IntPredicate damaged) throws IOException {
        int zeroed = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile())) {
            grabber.start();
            try (FFmpegFrameRecorder recorder =
                    new FFmpegFrameRecorder(
                            out.toFile(),
                            grabber.getImageWidth(),
                            grabber.getImageHeight(),
                            grabber.getAudioChannels())) {
                recorder.setFormat("mp4");
                recorder.start(grabber.getFormatContext());
                int videoPacket = 0;
                AVPacket packet;
                while ((packet = grabber.grabPacket()) != null) {
                    int type =
                            grabber.getFormatContext()
                                    .streams(packet.stream_index())
                                    .codecpar()
                                    .codec_type();
                    if (type == AVMEDIA_TYPE_VIDEO && damaged.test(videoPacket++)) {
                        BytePointer data = packet.data();
                        for (int i = 0; i < packet.size(); i++) {
                            data.put(i, (byte) 0);
                        }
                        zeroed++;
                    }
                    recorder.recordPacket(packet);
                }
                recorder.stop();
            }
        }
        return zeroed;
    }
}
