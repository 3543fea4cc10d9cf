# Install rules and the Debian package (CPack DEB): the server, the browser client's files, the
# systemd unit, the nginx site as an example, the documentation. `cmake --workflow --preset
# package` builds a Release .deb; the test deploy.package_contents packages the tree it runs in
# and reads the .deb back (tests/deploy).

set(EINBLICK_PACKAGE_DOC_DIR "share/doc/einblick")

install(TARGETS einblick RUNTIME DESTINATION bin COMPONENT einblick)
if(EINBLICK_BUILD_CLIENT)
    # The ExternalProject writes the folder at build time; the unit passes it as --web-root.
    install(DIRECTORY "${EINBLICK_WEB_DIR}/" DESTINATION share/einblick/web COMPONENT einblick)
endif()
# Under /usr: Debian 12 has a merged /usr, and systemd reads /usr/lib/systemd/system.
install(FILES "${PROJECT_SOURCE_DIR}/deploy/systemd/einblick.service"
    DESTINATION lib/systemd/system COMPONENT einblick)
install(FILES "${PROJECT_SOURCE_DIR}/deploy/nginx/einblick.conf"
    DESTINATION "${EINBLICK_PACKAGE_DOC_DIR}/examples/nginx" COMPONENT einblick)
install(FILES
    "${PROJECT_SOURCE_DIR}/README.md"
    "${PROJECT_SOURCE_DIR}/BENCHMARKS.md"
    "${PROJECT_SOURCE_DIR}/docs/ARCHITECTURE.md"
    "${PROJECT_SOURCE_DIR}/docs/LOG-FORMAT.md"
    "${PROJECT_SOURCE_DIR}/docs/openapi.yaml"
    DESTINATION "${EINBLICK_PACKAGE_DOC_DIR}" COMPONENT einblick)

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "einblick")
set(CPACK_PACKAGE_VENDOR "Einblick")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "Shows citizens which agency accessed which of their records, when, why and on what\n"
    "legal basis. The server (einblick serve) with its browser client, run by systemd behind a\n"
    "TLS-terminating reverse proxy (an nginx example is in /usr/share/doc/einblick/examples).")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_PACKAGE_CONTACT "Einblick maintainers <einblick@example.org>")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "web")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Library dependencies from the binary itself (dpkg-shlibdeps, in dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/deploy/debian/postinst"
    "${PROJECT_SOURCE_DIR}/deploy/debian/prerm"
    "${PROJECT_SOURCE_DIR}/deploy/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# `cpack` and the package preset write the .deb to build/<preset>/deb/.
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/deb")
include(CPack)
