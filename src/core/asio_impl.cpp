// Asio compiled once for the whole program (BOOST_ASIO_SEPARATE_COMPILATION): every other translation unit
// includes only declarations, which keeps the build lean.
#include <boost/asio/impl/src.hpp>
