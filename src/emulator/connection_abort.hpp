#pragma once
// The "connection reset" fault: end a client's TCP connection without any
// HTTP response. cpp-httplib gives handlers no socket, and anything the handler
// returns becomes a response, so the socket is found by its two ports
// (127.0.0.1:local_port <-> remote_port) among the process's descriptors and
// closed with SO_LINGER 0: the client gets a TCP RST before any status line
// ("Connection reset by peer"). /dev/null takes over the descriptor number,
// which httplib closes as usual; its attempt to write a response fails.

namespace agentlift::emulator {

// False when no such connection is open in this process.
bool abort_connection(int local_port, int remote_port);

}  // namespace agentlift::emulator
