// SPDX-License-Identifier: GPL-3.0-or-later
/* Stand-in for libx264 in Bayyina's frozen build: PyAV's libavcodec links the x264 H.264
 * *encoder*, which Bayyina never opens (recordings are remuxed, H.264 is decoded by FFmpeg's own
 * decoder). Opening it fails cleanly: the preset cannot be applied and the encoder cannot be
 * created, so FFmpeg reports an error. x264_levels is an empty table (its first entry, all zero,
 * ends it). */
#include <stddef.h>
const int x264_levels[16] = {0};
int x264_param_default_preset(void *param, const char *preset, const char *tune) {
  (void)param; (void)preset; (void)tune;
  return -1;
}
void *x264_encoder_open_165(void *param) { (void)param; return NULL; }
#define FAIL(name) int name(void) { return -1; }
FAIL(x264_encoder_close) FAIL(x264_encoder_delayed_frames) FAIL(x264_encoder_encode)
FAIL(x264_encoder_headers) FAIL(x264_encoder_maximum_delayed_frames) FAIL(x264_encoder_reconfig)
FAIL(x264_param_apply_fastfirstpass) FAIL(x264_param_apply_profile) FAIL(x264_param_cleanup)
FAIL(x264_param_default) FAIL(x264_param_parse) FAIL(x264_picture_init)
