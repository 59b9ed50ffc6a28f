#ifndef CASEBOOK_CMICROHTTPD_SHIM_H
#define CASEBOOK_CMICROHTTPD_SHIM_H
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <microhttpd.h>

// MHD_start_daemon is variadic, which Swift cannot call: this wrapper passes the options
// Casebook uses, always with MHD_OPTION_END.
static inline struct MHD_Daemon *casebook_mhd_start(unsigned int flags, const struct sockaddr *address,
        MHD_AccessHandlerCallback handler, void *handler_context,
        MHD_RequestCompletedCallback completed, void *completed_context,
        unsigned int connection_limit, unsigned int timeout_seconds, size_t memory_limit, unsigned int threads) {
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, handler_context,
        MHD_OPTION_SOCK_ADDR, address,
        MHD_OPTION_NOTIFY_COMPLETED, completed, completed_context,
        MHD_OPTION_CONNECTION_LIMIT, connection_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory_limit,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_END);
}

// MHD_get_daemon_info is variadic and returns a union: these read the two fields used.
static inline uint16_t casebook_mhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

static inline unsigned int casebook_mhd_connections(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info ? info->num_connections : 0;
}
#endif
