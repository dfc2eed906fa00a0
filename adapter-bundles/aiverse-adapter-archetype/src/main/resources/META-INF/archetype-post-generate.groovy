// Batch mode skips the descriptor's validationRegex: check adapterId here, and leave no project behind when it is bad.
def id = request.properties.get("adapterId")
if (!(id ==~ /[a-z][a-z0-9_-]{1,63}/)) {
    new File(request.outputDirectory, request.artifactId).deleteDir()
    throw new IllegalArgumentException("adapterId must be 2 to 64 of a-z, 0-9, - or _, starting with a letter: '" + id + "'")
}
