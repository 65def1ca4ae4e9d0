# Checks the source tree: every C++ file formatted with the root .clang-format, and lib/ free of Qt Widgets.
# Run as: cmake -DSOURCE_DIR=... -DCLANG_FORMAT=... -P style.cmake
file(GLOB_RECURSE sources RELATIVE ${SOURCE_DIR}
    ${SOURCE_DIR}/lib/*.cpp ${SOURCE_DIR}/lib/*.h ${SOURCE_DIR}/app/*.cpp ${SOURCE_DIR}/app/*.h
    ${SOURCE_DIR}/tests/*.cpp ${SOURCE_DIR}/tests/*.h)
set(failed "")
foreach(f ${sources})
    execute_process(COMMAND ${CLANG_FORMAT} --dry-run -Werror --style=file ${f}
        WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(NOT rc EQUAL 0)
        list(APPEND failed ${f})
    endif()
    if(f MATCHES "^lib/")
        file(STRINGS ${SOURCE_DIR}/${f} widgets REGEX "#include <(QtWidgets|QWidget|QDialog|QMainWindow|QApplication)")
        if(widgets)
            message(SEND_ERROR "${f} includes Qt Widgets; lib/ must build without them")
        endif()
    endif()
endforeach()
if(failed)
    string(REPLACE ";" "\n  " list "${failed}")
    message(FATAL_ERROR "Not formatted with .clang-format (run clang-format -i):\n  ${list}")
endif()
list(LENGTH sources count)
message(STATUS "${count} files formatted")
