// SPDX-License-Identifier: GPL-3.0-or-later
/* Stand-in for GnuTLS in Bayyina's frozen build: PyAV's libavformat links it (with nettle, hogweed,
 * gmp and libunistring: 5.5 MB) for FFmpeg's tls/https protocols. Bayyina never opens a URL (it
 * hands FFmpeg bytes in memory) and never uses the network, so the frozen FFmpeg gets no TLS at
 * all: every function fails with GNUTLS_E_INTERNAL_ERROR. Only the global initialisation succeeds,
 * as FFmpeg's network initialisation calls it. The symbols carry libavformat's version node
 * (gnutlsstub.map). */
#define GNUTLS_E_INTERNAL_ERROR (-59)
int gnutls_global_init(void) { return 0; }
const char *gnutls_strerror(int error) { (void)error; return "TLS is not available in Bayyina"; }
int gnutls_error_is_fatal(int error) { (void)error; return 1; }
#define FAIL(name) int name(void) { return GNUTLS_E_INTERNAL_ERROR; }
FAIL(gnutls_bye) FAIL(gnutls_certificate_allocate_credentials)
FAIL(gnutls_certificate_free_credentials) FAIL(gnutls_certificate_get_peers)
FAIL(gnutls_certificate_set_verify_flags) FAIL(gnutls_certificate_set_x509_key)
FAIL(gnutls_certificate_set_x509_key_file) FAIL(gnutls_certificate_set_x509_key_mem)
FAIL(gnutls_certificate_set_x509_system_trust) FAIL(gnutls_certificate_set_x509_trust_file)
FAIL(gnutls_certificate_type_get) FAIL(gnutls_certificate_verify_peers2)
FAIL(gnutls_credentials_set) FAIL(gnutls_deinit) FAIL(gnutls_dtls_get_data_mtu)
FAIL(gnutls_dtls_set_mtu) FAIL(gnutls_global_deinit) FAIL(gnutls_handshake) FAIL(gnutls_init)
FAIL(gnutls_record_recv) FAIL(gnutls_record_send) FAIL(gnutls_sec_param_to_pk_bits)
FAIL(gnutls_server_name_set) FAIL(gnutls_set_default_priority) FAIL(gnutls_srtp_get_keys)
FAIL(gnutls_srtp_set_profile) FAIL(gnutls_transport_set_ptr)
FAIL(gnutls_transport_set_pull_function) FAIL(gnutls_transport_set_pull_timeout_function)
FAIL(gnutls_transport_set_push_function) FAIL(gnutls_x509_crt_check_hostname)
FAIL(gnutls_x509_crt_deinit) FAIL(gnutls_x509_crt_export) FAIL(gnutls_x509_crt_get_fingerprint)
FAIL(gnutls_x509_crt_import) FAIL(gnutls_x509_crt_init) FAIL(gnutls_x509_crt_set_activation_time)
FAIL(gnutls_x509_crt_set_dn) FAIL(gnutls_x509_crt_set_expiration_time)
FAIL(gnutls_x509_crt_set_issuer_dn) FAIL(gnutls_x509_crt_set_key)
FAIL(gnutls_x509_crt_set_serial) FAIL(gnutls_x509_crt_set_version) FAIL(gnutls_x509_crt_sign2)
FAIL(gnutls_x509_privkey_deinit) FAIL(gnutls_x509_privkey_export)
FAIL(gnutls_x509_privkey_generate) FAIL(gnutls_x509_privkey_import)
FAIL(gnutls_x509_privkey_init)
