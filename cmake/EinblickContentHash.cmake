# cmake -DFILE=<path> -P EinblickContentHash.cmake
# Writes the SHA-256 of FILE to "FILE.sha256", in sha256sum's format. Run right after FILE's
# compressed copies are made: the server sends FILE.gz and FILE.br only while FILE still has
# this hash (server/http/src/static_files.cpp), whatever the files' times say.
if(NOT DEFINED FILE)
    message(FATAL_ERROR "EinblickContentHash.cmake: FILE is not set")
endif()
file(SHA256 "${FILE}" _einblick_hash)
get_filename_component(_einblick_name "${FILE}" NAME)
file(WRITE "${FILE}.sha256" "${_einblick_hash}  ${_einblick_name}\n")
