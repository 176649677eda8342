#include <check.h>
#include "testutil.h"
int main(void){Suite *s=suite_create("x");return tu_run_suite(s);}
