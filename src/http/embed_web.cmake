# Writes OUTPUT: every file under WEB_DIR as bytes in the binary, with its content type and a strong ETag (the
# first 128 bits of its SHA-256). Run at build time (add_custom_command), so an edited file is re-embedded.
file(GLOB_RECURSE keel_web_files RELATIVE ${WEB_DIR} ${WEB_DIR}/*)
list(SORT keel_web_files)
set(keel_web_arrays "")
set(keel_web_entries "")
set(keel_web_index 0)
foreach(name IN LISTS keel_web_files)
  set(path ${WEB_DIR}/${name})
  file(READ ${path} keel_hex HEX)
  file(SIZE ${path} keel_size)
  file(SHA256 ${path} keel_hash)
  string(SUBSTRING ${keel_hash} 0 32 keel_etag)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," keel_bytes "${keel_hex}")
  string(REGEX MATCH "[^.]*$" keel_extension ${name})
  string(TOLOWER ${keel_extension} keel_extension)
  if(keel_extension STREQUAL "html")
    set(keel_type "text/html; charset=utf-8")
  elseif(keel_extension STREQUAL "js" OR keel_extension STREQUAL "mjs")
    set(keel_type "text/javascript; charset=utf-8")
  elseif(keel_extension STREQUAL "css")
    set(keel_type "text/css; charset=utf-8")
  elseif(keel_extension STREQUAL "json" OR keel_extension STREQUAL "map")
    set(keel_type "application/json")
  elseif(keel_extension STREQUAL "svg")
    set(keel_type "image/svg+xml")
  elseif(keel_extension STREQUAL "png")
    set(keel_type "image/png")
  elseif(keel_extension STREQUAL "ico")
    set(keel_type "image/x-icon")
  elseif(keel_extension STREQUAL "woff2")
    set(keel_type "font/woff2")
  elseif(keel_extension STREQUAL "txt")
    set(keel_type "text/plain; charset=utf-8")
  else()
    set(keel_type "application/octet-stream")
  endif()
  # A trailing 0 keeps an empty file a valid array; `size` leaves it out.
  string(APPEND keel_web_arrays "const unsigned char kFile${keel_web_index}[] = {${keel_bytes}0x00};\n")
  string(APPEND keel_web_entries
    "    {\"${name}\", \"${keel_type}\", \"\\\"${keel_etag}\\\"\", {reinterpret_cast<const char*>(kFile${keel_web_index}), ${keel_size}}},\n")
  math(EXPR keel_web_index "${keel_web_index} + 1")
endforeach()
if(keel_web_index EQUAL 0)
  message(FATAL_ERROR "no files under ${WEB_DIR}")
endif()
file(CONFIGURE OUTPUT ${OUTPUT}.tmp CONTENT [=[
// Generated from web/ at build time (src/http/embed_web.cmake).
#include "http/static_assets.hpp"

namespace keel::http {
namespace {
@keel_web_arrays@
const StaticAsset kAssets[] = {
@keel_web_entries@};
}  // namespace
std::span<const StaticAsset> embedded_web_assets() { return kAssets; }
}  // namespace keel::http
]=] @ONLY)
# Only a changed file touches OUTPUT, so an unchanged web/ recompiles nothing.
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
