// SPDX-License-Identifier: GPL-3.0-or-later
/* Stand-in for libmp3lame in Bayyina's frozen build: PyAV's libavcodec links the LAME MP3
 * *encoder*, which Bayyina never opens (MP3 is decoded by FFmpeg's own decoder). Opening it fails
 * cleanly: lame_init returns no context, which FFmpeg reports as out of memory. */
#include <stddef.h>
void *lame_init(void) { return NULL; }
#define FAIL(name) int name(void) { return -1; }
FAIL(lame_close) FAIL(lame_encode_buffer) FAIL(lame_encode_buffer_float)
FAIL(lame_encode_buffer_int) FAIL(lame_encode_flush) FAIL(lame_get_encoder_delay)
FAIL(lame_get_framesize) FAIL(lame_init_params) FAIL(lame_set_VBR)
FAIL(lame_set_VBR_mean_bitrate_kbps) FAIL(lame_set_VBR_quality) FAIL(lame_set_bWriteVbrTag)
FAIL(lame_set_brate) FAIL(lame_set_copyright) FAIL(lame_set_disable_reservoir)
FAIL(lame_set_in_samplerate) FAIL(lame_set_lowpassfreq) FAIL(lame_set_mode)
FAIL(lame_set_num_channels) FAIL(lame_set_original) FAIL(lame_set_out_samplerate)
FAIL(lame_set_quality)
