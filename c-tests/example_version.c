/* The smallest sipsec program: prints the library version and checks it matches the header. */
#include <stdio.h>
#include <string.h>
#include <sipsec.h>

int main(void)
{
    char header_version[32];
    snprintf(header_version, sizeof header_version, "%d.%d.%d", SIPSEC_VERSION_MAJOR,
             SIPSEC_VERSION_MINOR, SIPSEC_VERSION_PATCH);

    printf("sipsec %s (header %s)\n", sipsec_version(), header_version);
    return strcmp(sipsec_version(), header_version) == 0 ? 0 : 1;
}
