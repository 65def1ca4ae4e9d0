# The Debian package: `packaging/dev.sh package` runs cpack in the Release build (build/release). Dependencies come
# from dpkg-shlibdeps; what the programs load at run time without linking it is listed by hand.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME targetdesk)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The Targetdesk developers")
set(CPACK_PACKAGE_CONTACT "Targetdesk maintainers <maintainers@targetdesk.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "desktop console for ZITADEL Actions v2 targets")
# Debian wants the long description in lines of at most 80 columns.
set(CPACK_PACKAGE_DESCRIPTION "Targetdesk manages the Actions v2 targets of a ZITADEL instance: the
webhooks, calls and async endpoints ZITADEL invokes. It creates and edits
targets with ZITADEL's rules checked as you type, rotates the keys that
encrypt payloads (private keys stay in the OS keychain), deactivates a
compromised key in one click, and decrypts and verifies captured webhook
payloads.
.
targetdesk-cli does the same from scripts, and runs a local sandbox that
emulates ZITADEL's Actions v2 API.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/targetdesk/targetdesk")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded at run time, not linked: Qt's translations of its own dialogs (German), and a Secret Service for the keychain.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n, gnome-keyring | kwalletmanager | keepassxc")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
# Files and folders as Debian wants them (0755 folders, 0644 files, 0755 programs).
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
    WORLD_READ WORLD_EXECUTE)

include(CPack)
