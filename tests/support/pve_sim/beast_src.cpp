// Beast and Asio's TLS layer compiled once for pve-sim and its tests (keel_core compiles the rest of Asio).
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
