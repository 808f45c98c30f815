# The Debian package (issue #13): install() rules and CPack's DEB generator. `./dev package` builds it
# (build/keel_<version>_<arch>.deb); `./dev package-test` installs it into a clean Debian 12 root
# (deploy/debian/install-test.sh). The test tools (keel-testbed, pve-sim) are not installed.
include(GNUInstallDirs)

# Version: the project version and the commit, ordered by the commit's time so that a later build upgrades an
# earlier one: 0.13.0+git20261202.141200.8695997. Outside a git checkout, the project version alone.
execute_process(COMMAND git log -1 --format=%h%n%ct%n%cD
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE keel_pkg_git OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET RESULT_VARIABLE keel_pkg_git_failed)
if(keel_pkg_git_failed OR keel_pkg_git STREQUAL "")
  set(KEEL_PKG_COMMIT unknown)
  set(KEEL_DEB_UPSTREAM_VERSION ${PROJECT_VERSION})
  string(TIMESTAMP KEEL_PKG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
  string(TIMESTAMP keel_pkg_epoch "%s" UTC)
else()
  string(REPLACE "\n" ";" keel_pkg_git "${keel_pkg_git}")
  list(GET keel_pkg_git 0 KEEL_PKG_COMMIT)
  list(GET keel_pkg_git 1 keel_pkg_epoch)
  list(GET keel_pkg_git 2 KEEL_PKG_DATE)
  # CMake formats an epoch only as "now": let `date` (coreutils, always there) format the commit's time.
  execute_process(COMMAND date -u -d @${keel_pkg_epoch} +%Y%m%d.%H%M%S OUTPUT_VARIABLE keel_pkg_stamp
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(KEEL_DEB_UPSTREAM_VERSION "${PROJECT_VERSION}+git${keel_pkg_stamp}.${KEEL_PKG_COMMIT}")
endif()
set(KEEL_DEB_VERSION "${KEEL_DEB_UPSTREAM_VERSION}-1")
set(KEEL_PACKAGE_MAINTAINER "Keel maintainers <keel@localhost>" CACHE STRING
  "the Debian package's Maintainer and changelog signature (-DKEEL_PACKAGE_MAINTAINER='Name <address>')")

# ---------------------------------------------------------------- what is installed
install(TARGETS keel-api whmcs-migrate RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/deploy/systemd/keel-api.service ${PROJECT_SOURCE_DIR}/deploy/systemd/keel-worker@.service
  DESTINATION /lib/systemd/system)
# A reference copy: keel-api embeds the migrations at build time and never reads this directory.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/migrations/ DESTINATION ${CMAKE_INSTALL_DATADIR}/keel/migrations
  FILES_MATCHING PATTERN "*.sql")
# The example settings (a conffile, no secret in it); root-only, as the units' comments and the README ask.
install(FILES ${PROJECT_SOURCE_DIR}/deploy/keel.env DESTINATION /etc/keel PERMISSIONS OWNER_READ OWNER_WRITE)

set(keel_doc_dir ${CMAKE_INSTALL_DATADIR}/doc/keel)
configure_file(${PROJECT_SOURCE_DIR}/deploy/debian/changelog.in ${CMAKE_BINARY_DIR}/deploy/changelog.Debian @ONLY)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/deploy/changelog.Debian.gz
  COMMAND gzip -9nkf ${CMAKE_BINARY_DIR}/deploy/changelog.Debian
  DEPENDS ${CMAKE_BINARY_DIR}/deploy/changelog.Debian VERBATIM)
add_custom_target(keel-package-changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/deploy/changelog.Debian.gz)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/debian/copyright ${CMAKE_BINARY_DIR}/deploy/changelog.Debian.gz
  ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${keel_doc_dir})

# Man pages from --help and --version, rendered by help2man (Debian: help2man) when the binaries are built.
find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(keel_man_pages)
  foreach(program_and_name IN ITEMS
      "keel-api|Keel lifecycle API: REST service, provisioning worker, migrations, users, clusters"
      "whmcs-migrate|move a WHMCS install's customers and servers into Keel")
    string(REPLACE "|" ";" program_and_name "${program_and_name}")
    list(GET program_and_name 0 program)
    list(GET program_and_name 1 summary)
    set(page ${CMAKE_BINARY_DIR}/man/${program}.1)
    add_custom_command(OUTPUT ${page}.gz
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
      COMMAND ${CMAKE_COMMAND} -E env SOURCE_DATE_EPOCH=${keel_pkg_epoch}
        ${HELP2MAN} --no-info --no-discard-stderr --section=1 --name=${summary}
        --include=${PROJECT_SOURCE_DIR}/deploy/man/${program}.h2m --output=${page} $<TARGET_FILE:${program}>
      COMMAND gzip -9nf ${page}
      DEPENDS ${program} ${PROJECT_SOURCE_DIR}/deploy/man/${program}.h2m VERBATIM)
    list(APPEND keel_man_pages ${page}.gz)
  endforeach()
  add_custom_target(keel-man ALL DEPENDS ${keel_man_pages})
  install(FILES ${keel_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man pages (./dev installs it; the package needs them)")
endif()

# ---------------------------------------------------------------- the package
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME keel)
set(CPACK_PACKAGE_VENDOR "Keel")
set(CPACK_PACKAGE_CONTACT "${KEEL_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/package)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_VERSION ${KEEL_DEB_UPSTREAM_VERSION})
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from the binaries' libraries (dpkg-shlibdeps, dpkg-dev)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql (>= 15)")
# CPack indents the lines after the summary itself.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "server lifecycle platform for Proxmox VE hosting
Keel takes server orders over a REST API and provisions them on Proxmox VE
clusters (keel-api, with its systemd units keel-api.service and
keel-worker@.service), and moves a WHMCS install's customers and servers
into Keel (whmcs-migrate). Built from commit ${KEEL_PKG_COMMIT}.")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/deploy/debian/conffiles
  ${PROJECT_SOURCE_DIR}/deploy/debian/postinst ${PROJECT_SOURCE_DIR}/deploy/debian/prerm
  ${PROJECT_SOURCE_DIR}/deploy/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
