// SPDX-License-Identifier: GPL-3.0-or-later
/* Stand-in for libSvtAv1Enc (7 MB) in Bayyina's frozen build: PyAV's libavcodec links the SVT-AV1
 * *encoder*, which Bayyina never opens (recordings are remuxed, packets copied; AV1 is decoded by
 * dav1d). Opening the encoder fails cleanly: the handle cannot be created, so FFmpeg reports an
 * error and none of the other functions is reached (they fail too, should one be). */
#include <stddef.h>
#include <stdint.h>
#define EB_ERROR_INSUFFICIENT_RESOURCES ((int32_t)0x80001000)
int32_t svt_av1_enc_init_handle(void **p_handle, void *config) {
  (void)config;
  if (p_handle) *p_handle = NULL;
  return EB_ERROR_INSUFFICIENT_RESOURCES;
}
#define FAIL(name) int32_t name(void) { return EB_ERROR_INSUFFICIENT_RESOURCES; }
FAIL(svt_av1_enc_deinit) FAIL(svt_av1_enc_deinit_handle) FAIL(svt_av1_enc_get_packet)
FAIL(svt_av1_enc_get_stream_info) FAIL(svt_av1_enc_init) FAIL(svt_av1_enc_parse_parameter)
FAIL(svt_av1_enc_release_out_buffer) FAIL(svt_av1_enc_send_picture)
FAIL(svt_av1_enc_set_parameter) FAIL(svt_av1_enc_stream_header)
FAIL(svt_av1_enc_stream_header_release) FAIL(svt_add_metadata)
void svt_metadata_array_free(void *metadata) { (void)metadata; }
