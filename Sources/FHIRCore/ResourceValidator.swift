/// Checks a resource before it is stored. Throws a 4xx ``FHIRError`` naming every problem found.
public protocol ResourceValidator: Sendable {
    func validate(_ resource: Resource) throws(FHIRError)
}
