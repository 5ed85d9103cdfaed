"""The library: opening one (in the background), recent and new libraries, and the problems panel."""
