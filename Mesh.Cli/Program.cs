Console.WriteLine("mesh");
