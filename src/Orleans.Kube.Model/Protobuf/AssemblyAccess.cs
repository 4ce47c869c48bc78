using System.Runtime.CompilerServices;

// Lets the unit tests reach the wire reader, schema table and Go duration formatting directly.
[assembly: InternalsVisibleTo("Orleans.Kube.Model.Tests")]
