// Beast compiled for keel_provisioning (BOOST_BEAST_SEPARATE_COMPILATION). A file of its own: where keel_http's
// copy is linked too, the archive member is simply not pulled in.
#include <boost/beast/src.hpp>
