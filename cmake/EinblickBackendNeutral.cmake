# Services and routes depend on the storage interfaces (server/storage), never on a storage
# backend: that is what lets a second backend (PostgreSQL, issue 13) change no service.
#
#   einblick_backend_neutral(<target>...)
#
# holds each target to it twice, and fails loudly instead of trusting review:
#  - Compiling. SQLiteCpp's headers live in /usr/include, which is on every include path, so
#    "not linking SQLiteCpp" alone would not stop an #include. The targets' own sources are
#    compiled with a directory in front of the include path that has a stand-in for every
#    SQLiteCpp and SQLite header; each stand-in is an #error. Including one from the target's
#    sources, or from any header they include, stops the build with the include chain.
#  - Configuring. The target's link closure (its own libraries and, transitively, what they
#    pass on) must not contain a backend library; configuring stops and shows the closure.
#    Libraries are matched by name (lower-cased), which also catches a full path such as
#    /usr/lib/.../libsqlite3.so, and imported targets (visible only in the folder that found
#    them, so the walk cannot always look inside them) by their own name.
#
# A new backend adds its library names to EINBLICK_STORAGE_BACKEND_LIBRARY_PATTERN and its
# client headers to _einblick_write_backend_header_stand_ins.

# SQLite (SQLiteCpp, sqlite3) and PostgreSQL (einblick_storage_pg, libpq as PostgreSQL::PostgreSQL
# or a path to libpq.so).
set(EINBLICK_STORAGE_BACKEND_LIBRARY_PATTERN "sqlite|postgresql|libpq|storage_pg")

function(_einblick_write_stand_ins directory backend)
    foreach(header IN LISTS ARGN)
        # CONFIGURE writes only when the text changes, so re-configuring rebuilds nothing.
        file(CONFIGURE OUTPUT "${directory}/${header}" @ONLY CONTENT
"#error \"<@header@> included from backend-neutral code (storage interfaces, services, routes): \
use the interfaces of server/storage; only server/storage_* and server/app may see @backend@ \
(cmake/EinblickBackendNeutral.cmake)\"
")
    endforeach()
endfunction()

function(_einblick_write_backend_header_stand_ins directory)
    find_path(EINBLICK_SQLITECPP_INCLUDE_DIR SQLiteCpp/Database.h REQUIRED)
    file(GLOB headers RELATIVE "${EINBLICK_SQLITECPP_INCLUDE_DIR}"
         "${EINBLICK_SQLITECPP_INCLUDE_DIR}/SQLiteCpp/*.h")
    _einblick_write_stand_ins("${directory}" SQLite ${headers} sqlite3.h sqlite3ext.h)
    # libpq's headers are in /usr/include/postgresql, reachable as <postgresql/libpq-fe.h>.
    set(libpq_headers libpq-fe.h libpq-events.h postgres_ext.h)
    list(TRANSFORM libpq_headers PREPEND "postgresql/" OUTPUT_VARIABLE libpq_paths)
    _einblick_write_stand_ins("${directory}" PostgreSQL ${libpq_headers} ${libpq_paths})
endfunction()

# Every library `target` links, directly or through what its libraries pass on.
function(_einblick_link_closure target out_var)
    set(seen "")
    get_target_property(queue ${target} LINK_LIBRARIES)
    if(NOT queue)
        set(queue "")
    endif()
    while(queue)
        list(POP_FRONT queue library)
        # Static libraries pass their private libraries on as $<LINK_ONLY:...>.
        string(REGEX REPLACE "^\\$<LINK_ONLY:(.+)>$" "\\1" library "${library}")
        if(library MATCHES "^\\$<" OR library IN_LIST seen)
            continue()
        endif()
        list(APPEND seen "${library}")
        if(TARGET ${library})
            get_target_property(passed_on ${library} INTERFACE_LINK_LIBRARIES)
            if(passed_on)
                list(APPEND queue ${passed_on})
            endif()
        endif()
    endwhile()
    set(${out_var} "${seen}" PARENT_SCOPE)
endfunction()

function(einblick_backend_neutral)
    set(stand_ins "${CMAKE_BINARY_DIR}/backend-neutral-include")
    _einblick_write_backend_header_stand_ins("${stand_ins}")
    foreach(target IN LISTS ARGN)
        if(NOT TARGET ${target})
            message(FATAL_ERROR "einblick_backend_neutral: no target ${target}")
        endif()
        target_include_directories(${target} BEFORE PRIVATE "${stand_ins}")
        _einblick_link_closure(${target} closure)
        foreach(library IN LISTS closure)
            string(TOLOWER "${library}" name)
            if(name MATCHES "${EINBLICK_STORAGE_BACKEND_LIBRARY_PATTERN}")
                message(FATAL_ERROR "${target} must stay backend-neutral but links ${library} "
                        "(its link closure: ${closure}). Link einblick_storage and use its "
                        "interfaces; only server/app wires a backend in.")
            endif()
        endforeach()
    endforeach()
endfunction()
