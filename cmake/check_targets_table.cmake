# README's table of fuzz targets must be the one the registry prints.
#   cmake -DTOOL=gomap-script -DREADME=README.md -P check_targets_table.cmake
execute_process(COMMAND ${TOOL} targets --markdown OUTPUT_VARIABLE want RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "gomap-script targets --markdown: exit status ${status}")
endif()
file(READ ${README} readme)
string(FIND "${readme}" "<!-- targets -->\n" begin)
string(FIND "${readme}" "<!-- /targets -->" end)
if(begin EQUAL -1 OR end EQUAL -1)
  message(FATAL_ERROR "${README}: no <!-- targets --> ... <!-- /targets --> section")
endif()
math(EXPR begin "${begin} + 17")
math(EXPR length "${end} - ${begin}")
string(SUBSTRING "${readme}" ${begin} ${length} have)
if(NOT have STREQUAL want)
  message(FATAL_ERROR "${README}: the table of targets is not the registry's. Replace the lines "
                      "between <!-- targets --> and <!-- /targets --> with:\n${want}")
endif()
