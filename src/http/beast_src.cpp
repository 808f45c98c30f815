// Beast compiled once (BOOST_BEAST_SEPARATE_COMPILATION): its headers are the slowest part of the build.
#include <boost/beast/src.hpp>
