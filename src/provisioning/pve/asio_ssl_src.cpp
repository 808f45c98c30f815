// Asio's SSL part compiled once (keel_core compiles the rest, BOOST_ASIO_SEPARATE_COMPILATION). A file of its
// own, like beast_src.cpp, so another program that compiles it too is not given two copies.
#include <boost/asio/ssl/impl/src.hpp>
