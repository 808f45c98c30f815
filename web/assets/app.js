// Placeholder: helper console-ui replaces this file with the console.
document.getElementById("app").textContent = "Keel console";
