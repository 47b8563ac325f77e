// SPDX-License-Identifier: GPL-3.0-or-later
/* Stand-in for libx265 in Bayyina's frozen build: libheif links the x265 *encoder*, which Bayyina
 * never uses (it only decodes HEIC). x265_api_get returning NULL makes libheif report the HEVC
 * encoder as unavailable; decoding goes through libde265 and is unaffected. PyAV's libavcodec links
 * its own x265 build (API 216) for the libx265 encoder, which Bayyina never opens (it only copies
 * packets): the same stand-in serves both sonames. */
#include <stddef.h>
const void *x265_api_get_216(int bit_depth) { (void)bit_depth; return NULL; }
const void *x265_api_get_217(int bit_depth) { (void)bit_depth; return NULL; }
void x265_cleanup(void) {}
